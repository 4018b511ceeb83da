/** Preflight: the workflow's read-only checks on the chosen machine, before anything changes. */
import type { MachineChoice } from '../api';
import { CheckList, CheckSummary, countStatuses } from '../components/CheckList';
import { Spinner } from '../components/Icons';
import { DiagnosisPanel } from '../components/DiagnosisPanel';
import { useFocusOnChange } from '../focus';
import { go, runPreflight, startRun, useApp, workflowSummary } from '../store';
import { formatWhen } from '../time';

export function Preflight({ workflowId, machine }: { workflowId: string; machine: MachineChoice }) {
  const { preflight, busy } = useApp();
  const workflow = workflowSummary(workflowId);
  const heading = useFocusOnChange<HTMLHeadingElement>(
    `preflight-${workflowId}-${machine.kind === 'real' ? 'real' : machine.dir}`,
  );
  const result = preflight && preflight.workflowId === workflowId ? preflight : null;
  const counts = result ? countStatuses(result.checks) : null;

  return (
    <div className="screen preflight">
      <p className="eyebrow">Preflight · nothing is changed</p>
      <h1 ref={heading} tabIndex={-1}>
        {workflow?.title ?? workflowId}
      </h1>
      {result && (
        <p className="lead">
          Checked <strong>{result.machine.label}</strong> at {formatWhen(result.at)}.
        </p>
      )}

      {!result ? (
        <p className="working" role="status">
          <Spinner /> {busy ?? 'Checking…'}
        </p>
      ) : (
        <>
          {result.diagnosis && <DiagnosisPanel diagnosis={result.diagnosis} machine={machine} />}
          <CheckSummary checks={result.checks} causes={result.diagnosis?.causes} />
          {counts && counts.fail > 0 && (
            <p className="callout callout-fail">
              Some checks failed. You can still start: the workflow stops at the step that needs
              them and explains what to do.
            </p>
          )}
          <CheckList
            checks={result.checks}
            label="Preflight checks"
            causes={result.diagnosis?.causes}
            commands={result.commands}
          />
        </>
      )}

      <div className="footer-actions">
        <button
          type="button"
          className="btn btn-quiet"
          onClick={() =>
            go(machine.kind === 'practice' ? { name: 'practice', workflowId } : { name: 'home' })
          }
        >
          Back
        </button>
        <button
          type="button"
          className="btn btn-secondary"
          onClick={() => void runPreflight(workflowId, machine)}
          disabled={Boolean(busy)}
        >
          Run the checks again
        </button>
        {machine.kind !== 'bundle' && (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => void startRun(workflowId, machine)}
            disabled={Boolean(busy) || !result}
          >
            Start the workflow
          </button>
        )}
      </div>
    </div>
  );
}
