/** Progress of a long action (clearing the update cache): files, bytes, rate, time left, Cancel. */
import { formatBytes, formatCount } from '../../../shared/format';
import type { Progress } from '../api';

export function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds)) return '';
  if (seconds < 1) return 'less than a second left';
  if (seconds < 60) return `about ${Math.ceil(seconds)} s left`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return m < 60 ? `about ${m} min ${s} s left` : `about ${Math.floor(m / 60)} h ${m % 60} min left`;
}

export function progressLines(p: Progress): {
  percent: number | null;
  files: string;
  bytes: string;
  rate: string;
  eta: string;
} {
  const percent = p.total ? Math.min(100, Math.round((p.done / p.total) * 100)) : null;
  return {
    percent,
    files:
      p.total !== undefined
        ? `${formatCount(p.done)} of ${formatCount(p.total)} files`
        : `${formatCount(p.done)} files`,
    bytes:
      p.totalBytes !== undefined
        ? `${formatBytes(p.bytes)} of ${formatBytes(p.totalBytes)}`
        : formatBytes(p.bytes),
    rate:
      p.ratePerSecond !== undefined ? `${formatCount(Math.round(p.ratePerSecond))} files/s` : '',
    eta: p.etaSeconds !== undefined ? formatEta(p.etaSeconds) : '',
  };
}

export function ProgressBar({
  progress,
  label,
  onCancel,
  cancelling,
}: {
  progress: Progress;
  label: string;
  onCancel?: () => void;
  cancelling?: boolean;
}) {
  const l = progressLines(progress);
  const text = [l.files, l.bytes, l.rate, l.eta].filter(Boolean).join(' · ');
  return (
    <div className="progress">
      <div className="progress-head">
        <span className="progress-label" id="progress-label">
          {label}
        </span>
        <span className="progress-percent">{l.percent !== null ? `${l.percent}%` : ''}</span>
      </div>
      <div
        className="progress-track"
        role="progressbar"
        aria-labelledby="progress-label"
        aria-valuemin={0}
        aria-valuemax={100}
        {...(l.percent !== null ? { 'aria-valuenow': l.percent } : {})}
        aria-valuetext={text}
      >
        <div
          className={`progress-fill ${l.percent === null ? 'indeterminate' : ''}`}
          style={{ width: `${l.percent ?? 30}%` }}
        />
      </div>
      <p className="progress-text">{text}</p>
      {onCancel && (
        <button
          type="button"
          className="btn btn-secondary"
          onClick={onCancel}
          disabled={cancelling}
        >
          {cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      )}
    </div>
  );
}
