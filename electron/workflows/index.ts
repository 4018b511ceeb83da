/** Every workflow the app and the CLI offer. */
import type { WorkflowDef } from '../engine/workflow';
import { InputError } from '../../shared/errors';
import { windowsUpdateDiskCryptor } from './windows-update-diskcryptor';
import { windowsUpdateReset, windowsUpdateResetUndo } from './windows-update-reset';
import { backupCheck } from './backup-check';
import { encryptionStatus } from './encryption-status';
import { systemHealth } from './system-health';

export const workflows: readonly WorkflowDef[] = [
  windowsUpdateDiskCryptor,
  windowsUpdateReset,
  windowsUpdateResetUndo,
  backupCheck,
  encryptionStatus,
  systemHealth,
];

export function getWorkflow(id: string): WorkflowDef {
  const w = workflows.find((x) => x.id === id);
  if (!w) {
    throw new InputError(
      `workflow: unknown workflow "${id}" (known: ${workflows.map((x) => x.id).join(', ')})`,
    );
  }
  return w;
}
