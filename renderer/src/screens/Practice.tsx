/**
 * Practice mode: pick or make a simulated Windows PC (a folder under the temp dir) to rehearse a
 * workflow on. Everything runs for real on that folder — files are really deleted inside it — and
 * nothing on this computer changes.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useFocusOnChange } from '../focus';
import {
  createPractice,
  go,
  loadPractice,
  openPractice,
  runPreflight,
  useApp,
  workflowSummary,
} from '../store';
import { formatWhen } from '../time';

export function Practice({ workflowId }: { workflowId: string }) {
  const { practice, busy } = useApp();
  const workflow = workflowSummary(workflowId);
  const heading = useFocusOnChange<HTMLHeadingElement>(`practice-${workflowId}`);
  const [picked, setScenario] = useState('');
  // The first scenario is chosen until the person picks another.
  const scenario = picked || practice?.scenarios[0]?.id || '';
  const [files, setFiles] = useState('2000');
  const filesId = useId();

  useEffect(() => {
    void loadPractice();
  }, []);

  const filesNumber = Number(files);
  const filesOk = Number.isInteger(filesNumber) && filesNumber >= 0 && filesNumber <= 200000;

  const create = (e: FormEvent) => {
    e.preventDefault();
    if (!scenario || !filesOk) return;
    void createPractice(workflowId, scenario, filesNumber);
  };

  return (
    <div className="screen practice">
      <p className="eyebrow">Practice</p>
      <h1 ref={heading} tabIndex={-1}>
        Rehearse “{workflow?.title ?? workflowId}”
      </h1>
      <p className="lead">
        A practice machine is a folder that stands in for a Windows PC. The workflow runs on it
        exactly as it would on a real one — its update cache is really deleted, its restarts really
        happen — but nothing on this computer changes.
      </p>

      <div className="two-col">
        <section className="card" aria-labelledby="new-title">
          <h2 id="new-title">New practice machine</h2>
          <form onSubmit={create} className="stack">
            <fieldset>
              <legend>Situation to practise</legend>
              {(practice?.scenarios ?? []).map((s) => (
                <label key={s.id} className="radio-card">
                  <input
                    type="radio"
                    name="scenario"
                    value={s.id}
                    checked={scenario === s.id}
                    onChange={() => setScenario(s.id)}
                  />
                  <span>
                    <span className="radio-title mono">{s.id}</span>
                    <span className="radio-text">{s.description}</span>
                  </span>
                </label>
              ))}
            </fieldset>
            <div className="field">
              <label htmlFor={filesId}>Files in its update cache (SoftwareDistribution)</label>
              <input
                id={filesId}
                type="number"
                min={0}
                max={200000}
                step={1}
                value={files}
                onChange={(e) => setFiles(e.target.value)}
                aria-invalid={!filesOk}
                aria-describedby={`${filesId}-hint`}
              />
              <p id={`${filesId}-hint`} className="hint">
                {filesOk
                  ? 'These files are really deleted on the practice machine. With 20,000 or more the clean-up lasts long enough to watch its progress and try Cancel.'
                  : 'Enter a whole number from 0 to 200,000.'}
              </p>
            </div>
            <div className="form-actions">
              <button
                type="submit"
                className="btn btn-primary"
                disabled={Boolean(busy) || !scenario || !filesOk}
              >
                Create practice machine
              </button>
            </div>
          </form>
        </section>

        <section className="card" aria-labelledby="existing-title">
          <h2 id="existing-title">Practice machines</h2>
          {!practice ? (
            <p className="muted">Loading…</p>
          ) : practice.machines.length === 0 ? (
            <p className="muted">None yet. They live in {practice.root}.</p>
          ) : (
            <ul className="machine-list">
              {practice.machines.map((m, i) => (
                <li key={m.dir} className="machine-row">
                  <div>
                    <div className="machine-label" id={`pm-${i}`}>
                      {m.label}
                    </div>
                    <div className="muted small">
                      {m.os}
                      {m.createdAt ? ` · made ${formatWhen(m.createdAt)}` : ''}
                    </div>
                    <div className="muted small mono break">{m.dir}</div>
                  </div>
                  <button
                    type="button"
                    className="btn btn-secondary btn-small"
                    onClick={() => void runPreflight(workflowId, { kind: 'practice', dir: m.dir })}
                    aria-describedby={`pm-${i}`}
                    disabled={Boolean(busy)}
                  >
                    Use
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div className="form-actions">
            <button
              type="button"
              className="btn btn-quiet"
              onClick={() => void openPractice(workflowId)}
              disabled={Boolean(busy)}
            >
              Open a practice machine folder…
            </button>
          </div>
        </section>
      </div>
      <div className="footer-actions">
        <button type="button" className="btn btn-quiet" onClick={() => go({ name: 'home' })}>
          Back to home
        </button>
      </div>
    </div>
  );
}
