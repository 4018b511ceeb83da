/** A diagnostics bundle's preflight: what another PC looked like, read-only. */
import type { BundleView } from '../api';
import { CheckList, CheckSummary } from '../components/CheckList';
import { DiagnosisPanel } from '../components/DiagnosisPanel';
import { useFocusOnChange } from '../focus';
import { go, useApp, workflowSummary } from '../store';

function factLines(value: unknown, prefix = ''): [string, string][] {
  if (value === null || value === undefined) return [[prefix, 'not collected']];
  if (Array.isArray(value)) {
    if (value.length === 0) return [[prefix, 'none']];
    return value.flatMap((v, i) => factLines(v, `${prefix}[${i + 1}]`));
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
      factLines(v, prefix ? `${prefix}.${k}` : k),
    );
  }
  return [[prefix, String(value)]];
}

export function Bundle({ bundle }: { bundle: BundleView }) {
  const heading = useFocusOnChange<HTMLHeadingElement>(`bundle-${bundle.dir}`);
  const workflow =
    workflowSummary(bundle.workflowId) ??
    useApp.getState().workflows.find((w) => w.id === bundle.workflowId);
  const facts = bundle.facts ? factLines(bundle.facts) : [];
  return (
    <div className="screen bundle">
      <p className="eyebrow">Diagnostics bundle · read-only</p>
      <h1 ref={heading} tabIndex={-1}>
        {bundle.label}
      </h1>
      <p className="lead">
        Preflight of <strong>{workflow?.title ?? bundle.workflowId}</strong> from the files in{' '}
        <span className="mono break">{bundle.dir}</span>. Nothing can be changed from here.
      </p>
      {bundle.diagnosis && <DiagnosisPanel diagnosis={bundle.diagnosis} machine={null} />}
      <CheckSummary checks={bundle.checks} causes={bundle.diagnosis?.causes} />
      <CheckList
        checks={bundle.checks}
        label="Preflight checks from the bundle"
        causes={bundle.diagnosis?.causes}
        commands={bundle.commands}
      />
      {facts.length > 0 && (
        <section className="section" aria-labelledby="facts-title">
          <h2 id="facts-title">What the bundle says</h2>
          <table className="facts-table">
            <tbody>
              {facts.map(([k, v]) => (
                <tr key={k}>
                  <th scope="row" className="mono">
                    {k}
                  </th>
                  <td>{v}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <div className="footer-actions">
        <button type="button" className="btn btn-primary" onClick={() => go({ name: 'home' })}>
          Back to home
        </button>
      </div>
    </div>
  );
}
