/**
 * What a step (or the abandon hook) may read of its own run: answers, earlier actions' outputs,
 * the latest check results — all from the folded journal. The runner and `abandon` share it.
 */
import type { RunState } from '../../shared/model';
import type { Outputs, StepContext, StepDef } from './workflow';

export function runReaders(
  state: () => RunState,
): Pick<StepContext, 'answer' | 'outputOf' | 'lastCheck'> {
  return {
    answer: (id) => state().answers[id]?.value,
    outputOf: <O extends Outputs>(step: StepDef<O>) =>
      state().steps.find((s) => s.id === step.id)?.action?.outputs as Partial<O> | undefined,
    lastCheck: (checkId, stepId) => {
      for (const s of [...state().steps].reverse()) {
        if (stepId !== undefined && s.id !== stepId) continue;
        const hit = [...s.after, ...s.before].reverse().find((c) => c.id === checkId);
        if (hit) return { status: hit.status, ...(hit.data ? { data: hit.data } : {}) };
      }
      return undefined;
    },
  };
}
