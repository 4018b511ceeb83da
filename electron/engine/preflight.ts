import type { CheckResult } from '../../shared/model';
import type { LocalHost, WindowsHost } from '../system/ports';
import { runCheck } from './runner';
import { detachedContext } from './detached-context';
import type { WorkflowDef } from './workflow';

/** The workflow's first step's checks, read-only, outside any run (wsops check, the app's preflight). */
export async function preflight(
  workflow: WorkflowDef,
  host: WindowsHost,
  local?: LocalHost,
): Promise<CheckResult[]> {
  const first = workflow.steps.find((s) => s.checks?.length);
  const ctx = detachedContext(host, {}, local);
  const results: CheckResult[] = [];
  for (const c of first?.checks ?? []) results.push(await runCheck(c, ctx, new Date()));
  return results;
}
