/**
 * The diagnosis verdict shown above the preflight checks (app, `wsops check`, bundles): one plain
 * sentence with its evidence, the recommended route and why, and what the job will take. Computed
 * in electron/workflows/diagnosis.ts from the check results; this is its shape.
 */
import { z } from 'zod';

export const DiagnosisSchema = z.object({
  /** cause-found: DiskCryptor is why updates fail; blocked: the fix cannot start yet; clear: not DiskCryptor. */
  kind: z.enum(['cause-found', 'diskcryptor-installed', 'blocked', 'no-diskcryptor', 'unknown']),
  headline: z.string(),
  evidence: z.array(z.string()),
  route: z.object({
    id: z.enum(['uninstall', 'in-place', 'none']),
    why: z.string(),
  }),
  /** What the job takes: restarts, roughly how long, what to have ready. */
  takes: z.object({
    restarts: z.number().int(),
    duration: z.string(),
    haveReady: z.array(z.string()),
  }),
  /** Check ids whose green "pass" is really the cause: shown as the cause, not as good. */
  causes: z.array(z.string()),
  /** Another workflow to offer instead (no DiskCryptor: the Windows Update reset). */
  offer: z.object({ workflowId: z.string(), why: z.string() }).nullable(),
});
export type Diagnosis = z.infer<typeof DiagnosisSchema>;
