/**
 * The verdict above the preflight checks: one plain sentence, its evidence, the recommended
 * route and why, and what the job takes. Without DiskCryptor it offers the Windows Update reset.
 */
import type { Diagnosis } from '../../../shared/diagnosis';
import type { MachineChoice } from '../api';
import { runPreflight } from '../store';

const TONE: Record<Diagnosis['kind'], 'fail' | 'warn' | 'pass' | 'unknown'> = {
  'cause-found': 'fail',
  'diskcryptor-installed': 'warn',
  blocked: 'fail',
  'no-diskcryptor': 'pass',
  unknown: 'unknown',
};

export function DiagnosisPanel({
  diagnosis,
  machine,
}: {
  diagnosis: Diagnosis;
  /** Where the offered workflow would run; null from a read-only bundle. */
  machine: MachineChoice | null;
}) {
  const d = diagnosis;
  return (
    <section
      className={`diagnosis diagnosis-${TONE[d.kind]}`}
      aria-labelledby="diagnosis-title"
      data-kind={d.kind}
    >
      <h2 id="diagnosis-title" className="diagnosis-title">
        Diagnosis
      </h2>
      <p className="diagnosis-headline">{d.headline}</p>
      {d.evidence.length > 0 && (
        <ul className="diagnosis-evidence" aria-label="Evidence">
          {d.evidence.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      <p className="diagnosis-route">
        {d.route.id !== 'none' && (
          <strong>
            Recommended route:{' '}
            {d.route.id === 'in-place'
              ? 'keep DiskCryptor (in-place)'
              : 'uninstall, update, reinstall'}
            .{' '}
          </strong>
        )}
        {d.route.why}
      </p>
      {d.takes.restarts > 0 && (
        <p className="diagnosis-takes">
          <strong>What it takes:</strong> {d.takes.restarts} restarts, {d.takes.duration}. Have
          ready: {d.takes.haveReady.join('; ')}.
        </p>
      )}
      {d.offer && (
        <p className="diagnosis-offer">
          {d.offer.why}{' '}
          {machine && (
            <button
              type="button"
              className="btn btn-secondary btn-small"
              onClick={() => void runPreflight(d.offer!.workflowId, machine)}
            >
              Open the Windows Update reset
            </button>
          )}
        </p>
      )}
    </section>
  );
}
