/** The app shell: skip link, header, the practice banner, the alert line and the current screen. */
import type { MouseEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { AppMark } from './components/Icons';
import { Bundle } from './screens/Bundle';
import { Finish } from './screens/Finish';
import { Home } from './screens/Home';
import { Practice } from './screens/Practice';
import { Preflight } from './screens/Preflight';
import { Wizard } from './screens/Wizard';
import { dismissError, go, useApp, type AppState } from './store';

/** Which machine the screen is about, for the banner. */
function machineContext(s: AppState): { kind: 'practice' | 'bundle'; label: string } | null {
  const v = s.view;
  if (v.name === 'practice') return { kind: 'practice', label: '' };
  if (v.name === 'preflight' && v.machine.kind !== 'real') {
    return { kind: v.machine.kind, label: s.preflight?.machine.label ?? '' };
  }
  if (v.name === 'bundle') return { kind: 'bundle', label: v.bundle.label };
  if (v.name === 'wizard' || v.name === 'finish') {
    const m = s.live[v.runId]?.state.machine;
    if (m && m.kind !== 'real') return { kind: m.kind, label: m.label };
  }
  return null;
}

function Screen() {
  const view = useApp((s) => s.view);
  switch (view.name) {
    case 'home':
      return <Home />;
    case 'practice':
      return <Practice workflowId={view.workflowId} />;
    case 'preflight':
      return <Preflight workflowId={view.workflowId} machine={view.machine} />;
    case 'wizard':
      return <Wizard runId={view.runId} />;
    case 'finish':
      return <Finish runId={view.runId} />;
    case 'bundle':
      return <Bundle bundle={view.bundle} />;
  }
}

export function App() {
  const context = useApp(useShallow(machineContext));
  const error = useApp((s) => s.error);
  const home = useApp((s) => s.view.name === 'home');

  const skip = (e: MouseEvent<HTMLAnchorElement>) => {
    // Move focus without touching the URL (the window never navigates).
    e.preventDefault();
    document.getElementById('main')?.focus();
  };

  return (
    <>
      <a className="skip-link" href="#main" onClick={skip}>
        Skip to main content
      </a>
      <header className="app-top">
        <div className="app-header">
          <div className="brand">
            <AppMark />
            <span className="app-name">Workstation Ops</span>
          </div>
          {!home && (
            <nav aria-label="App">
              <button
                type="button"
                className="btn btn-quiet btn-small"
                onClick={() => go({ name: 'home' })}
              >
                Home
              </button>
            </nav>
          )}
        </div>
        {context?.kind === 'practice' && (
          <div className="practice-banner" role="note">
            <strong>Practice machine — nothing on this computer changes</strong>
            {context.label && <span className="banner-detail">{context.label}</span>}
          </div>
        )}
        {context?.kind === 'bundle' && (
          <div className="bundle-banner" role="note">
            <strong>Diagnostics bundle — read-only, nothing can be changed</strong>
            {context.label && <span className="banner-detail">{context.label}</span>}
          </div>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {error && (
          <div className="alert" role="alert">
            <p>{error}</p>
            <button type="button" className="btn btn-quiet btn-small" onClick={dismissError}>
              Dismiss
            </button>
          </div>
        )}
        <Screen />
      </main>
    </>
  );
}
