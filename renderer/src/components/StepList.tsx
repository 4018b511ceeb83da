/**
 * The wizard's step list: every step with its state in words and an icon (done, current,
 * waiting, blocked, skipped…). The current step is marked aria-current="step"; any step can be
 * opened to read what happened in it.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import type { RunState, StepState } from '../api';
import {
  BlockIcon,
  CheckIcon,
  CurrentIcon,
  FailIcon,
  PauseIcon,
  PendingIcon,
  SkipIcon,
  Spinner,
} from './Icons';

export type StepPhase =
  | 'done'
  | 'skipped'
  | 'blocked'
  | 'failed'
  | 'waiting'
  | 'restart'
  | 'running'
  | 'current'
  | 'pending';

export const PHASE_LABEL: Record<StepPhase, string> = {
  done: 'Done',
  skipped: 'Skipped',
  blocked: 'Blocked',
  failed: 'Failed',
  waiting: 'Waiting for you',
  restart: 'Waiting for a restart',
  running: 'In progress',
  current: 'Current',
  pending: 'Not started',
};

export function stepPhase(
  step: StepState,
  run: Pick<RunState, 'status' | 'pause'>,
  active: boolean,
  isCurrent: boolean,
): StepPhase {
  switch (step.status) {
    case 'done':
    case 'skipped':
    case 'blocked':
    case 'failed':
      return step.status;
    case 'waiting':
      return run.pause?.stepId === step.id && run.status === 'paused-reboot'
        ? 'restart'
        : 'waiting';
    case 'running':
      // 'running' in a journal that is not being driven means "interrupted here".
      return active ? 'running' : 'current';
    default:
      return isCurrent ? 'current' : 'pending';
  }
}

const ICONS = {
  done: CheckIcon,
  skipped: SkipIcon,
  blocked: BlockIcon,
  failed: FailIcon,
  waiting: PauseIcon,
  restart: PauseIcon,
  running: Spinner,
  current: CurrentIcon,
  pending: PendingIcon,
} as const;

/** Long Windows paths in titles may wrap after a backslash rather than mid-word. */
export function breakablePath(text: string): ReactNode[] {
  const parts = text.split('\\');
  return parts.flatMap((part, i) =>
    i === parts.length - 1 ? [part] : [`${part}\\`, <wbr key={i} />],
  );
}

export function StepList({
  run,
  active,
  currentId,
  selectedId,
  onSelect,
}: {
  run: RunState;
  active: boolean;
  currentId: string | null;
  selectedId: string | null;
  onSelect(stepId: string): void;
}) {
  const nav = useRef<HTMLElement>(null);
  // Follow the current step: scroll the list itself (never the page) so it shows, centred.
  useEffect(() => {
    const list = nav.current;
    const item = list?.querySelector<HTMLElement>('[aria-current="step"]')?.closest('li');
    if (!list || !item) return;
    const top = item.offsetTop - (list.clientHeight - item.offsetHeight) / 2;
    list.scrollTop = Math.max(0, top);
  }, [currentId]);
  return (
    <nav className="steps" aria-label="Steps" ref={nav}>
      <ol>
        {run.steps.map((step, i) => {
          const isCurrent = step.id === currentId;
          const phase = stepPhase(step, run, active, isCurrent);
          const Icon = ICONS[phase];
          return (
            <li
              key={step.id}
              className={`step step-${phase} ${isCurrent ? 'is-current' : ''} ${step.id === selectedId ? 'is-selected' : ''}`}
            >
              <button
                type="button"
                onClick={() => onSelect(step.id)}
                aria-current={isCurrent ? 'step' : undefined}
                aria-pressed={step.id === selectedId}
              >
                <span className="step-icon">
                  <Icon />
                </span>
                <span className="step-text">
                  <span className="step-title">
                    <span className="step-num">{i + 1}.</span> {breakablePath(step.title)}
                  </span>
                  <span className="step-state" data-phase={phase}>
                    {PHASE_LABEL[phase]}
                    {step.attempts > 1 ? ` · attempt ${step.attempts}` : ''}
                  </span>
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
