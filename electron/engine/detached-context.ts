import type { AnswerValue } from '../../shared/model';
import type { LocalHost, WindowsHost } from '../system/ports';
import type { StepContext } from './workflow';

/** A context outside any run (preflight, dry run): no journal, no outputs, nothing recorded. */
export function detachedContext(
  host: WindowsHost,
  answers: Record<string, AnswerValue> = {},
  local?: LocalHost,
): StepContext {
  return {
    host,
    ...(local ? { local } : {}),
    answer: (id) => answers[id],
    outputOf: () => undefined,
    lastCheck: () => undefined,
    runStartedAt: new Date().toISOString(),
    attempt: 1,
    progress: () => {},
    signal: new AbortController().signal,
    runDir: '',
  };
}
