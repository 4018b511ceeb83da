/**
 * Home's "this computer at a glance": OS and build, uptime, power, disks with their health, free
 * space. Read through IPC (the main process does the probing, off the render path) and refreshed
 * every 30 s without blocking anything: the last reading stays on screen while the next one comes.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type CheckStatus, type Disk, type MachineHealth } from '../api';
import { formatBytes } from '../../../shared/format';
import { StatusBadge } from './StatusBadge';

const REFRESH_MS = 30_000;

type Reading = Awaited<ReturnType<ReturnType<typeof api>['machineHealth']>>;

const DISK_STATUS: Record<Disk['health'], CheckStatus> = {
  ok: 'pass',
  warning: 'warn',
  failing: 'fail',
  unknown: 'unknown',
};

function uptime(seconds: number | null): string {
  if (seconds === null) return 'uptime unknown';
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return `up ${d > 0 ? `${d} d ${h} h` : h > 0 ? `${h} h ${m} min` : `${m} min`}`;
}

function osLine(h: MachineHealth): string {
  const o = h.os;
  return (
    [o.name, o.version, o.build && o.build !== o.version ? `build ${o.build}` : null, o.arch]
      .filter(Boolean)
      .join(' · ') || o.platform
  );
}

export function MachineGlance() {
  const [reading, setReading] = useState<Reading | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const alive = useRef(true);

  const refresh = useCallback(async () => {
    setBusy(true);
    try {
      const r = await api().machineHealth();
      if (!alive.current) return;
      setReading(r);
      setError(null);
    } catch (e) {
      if (alive.current) setError(e instanceof Error ? e.message : String(e));
    } finally {
      if (alive.current) setBusy(false);
    }
  }, []);

  useEffect(() => {
    alive.current = true;
    // The first reading right after mount, outside the effect body (React's rule: no setState in it).
    const first = setTimeout(() => void refresh(), 0);
    const t = setInterval(() => void refresh(), REFRESH_MS);
    return () => {
      alive.current = false;
      clearTimeout(first);
      clearInterval(t);
    };
  }, [refresh]);

  const verdict = (id: string) => reading?.verdicts.find((v) => v.id === id);
  const power = verdict('ac-power');
  const restart = verdict('uptime-restart');
  const h = reading?.health;

  return (
    <section aria-labelledby="glance-title" className="section glance" aria-busy={busy}>
      <div className="glance-head">
        <h2 id="glance-title">This computer at a glance</h2>
        <button
          type="button"
          className="btn btn-quiet btn-small"
          onClick={() => void refresh()}
          disabled={busy}
        >
          {busy ? 'Reading…' : 'Refresh'}
        </button>
      </div>
      {error && <p className="muted">Machine health could not be read: {error}</p>}
      {!h ? (
        !error && <p className="muted">Reading power, disks and free space…</p>
      ) : (
        <div className="glance-body">
          <p className="glance-os">
            <strong>{osLine(h)}</strong>
            <span className="muted"> · {uptime(h.uptimeSeconds)}</span>
            {reading && <span className="muted"> · {reading.label}</span>}
          </p>
          <ul className="glance-list">
            {power && (
              // A live line: screen readers hear when the charger is plugged in or out.
              <li className="glance-row" aria-live="polite">
                <StatusBadge status={power.status} />
                <span className="glance-label">Power</span>
                <span>{power.summary}</span>
              </li>
            )}
            {h.disks === null ? (
              <li className="glance-row">
                <StatusBadge status="unknown" />
                <span className="glance-label">Disks</span>
                <span>could not be listed</span>
              </li>
            ) : (
              h.disks.map((d, i) => (
                <li className="glance-row" key={`${d.name}-${i}`}>
                  <StatusBadge status={DISK_STATUS[d.health]} />
                  <span className="glance-label">Disk</span>
                  <span>
                    <span className="mono">{d.name}</span>
                    {d.type !== 'unknown' ? ` · ${d.type.toUpperCase()}` : ''}
                    {d.sizeBytes !== null ? ` · ${formatBytes(d.sizeBytes)}` : ''}
                    <span className="muted"> · health {d.health}</span>
                  </span>
                </li>
              ))
            )}
            {(h.filesystems ?? []).map((f) => (
              <li className="glance-row" key={f.mount}>
                <FreeBar free={f.freeBytes} size={f.sizeBytes} />
                <span className="glance-label">{f.system ? 'System' : 'Volume'}</span>
                <span>
                  <span className="mono">{f.mount}</span>
                  {f.label ? ` (${f.label})` : ''}:{' '}
                  {f.freeBytes === null ? 'free space unknown' : `${formatBytes(f.freeBytes)} free`}
                  {f.sizeBytes !== null ? ` of ${formatBytes(f.sizeBytes)}` : ''}
                </span>
              </li>
            ))}
            {restart && (
              <li className="glance-row">
                <StatusBadge status={restart.status} />
                <span className="glance-label">Restart</span>
                <span>{restart.summary}</span>
              </li>
            )}
          </ul>
        </div>
      )}
    </section>
  );
}

function FreeBar({ free, size }: { free: number | null; size: number | null }) {
  const used = free !== null && size ? Math.min(100, Math.max(0, 100 - (free / size) * 100)) : null;
  return (
    <span className="glance-bar" aria-hidden="true">
      {used !== null && <span className="glance-bar-used" style={{ width: `${used}%` }} />}
    </span>
  );
}
