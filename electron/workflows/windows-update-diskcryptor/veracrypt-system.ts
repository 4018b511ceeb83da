/**
 * VeraCrypt system encryption stops the flagship before anything changes. The workflow was built
 * for a system drive nobody or BitLocker encrypts: it cannot suspend VeraCrypt's pre-boot
 * authentication the way it suspends BitLocker, and a feature update over a VeraCrypt-encrypted
 * system drive whose driver setup does not carry over leaves Windows unable to start. VeraCrypt
 * has no status command, so the host tells it from the driver's start type (rule
 * veracrypt-system-boot-start); "unknown" is blocked by the uninstall step's own gate.
 */
import type { StepContext } from '../../engine/workflow';
import type { HostReads } from '../../system/ports';

export const VERACRYPT_SYSTEM_BLOCK =
  'VeraCrypt encrypts the system drive (its veracrypt driver starts at boot, which VeraCrypt sets up only for system encryption). This workflow cannot carry VeraCrypt system encryption through the DiskCryptor removal and the feature update, so it stops here and nothing has been changed. In VeraCrypt, choose System → Permanently Decrypt System Partition/Drive, wait until it finishes and restart, then resume; encrypt the system drive again after the update.';

export async function veraCryptSystemBlock(ctx: StepContext<HostReads>): Promise<string | null> {
  const e = await ctx.host.encryption();
  return e.bootVolumeEncryptedBy === 'veracrypt' ? VERACRYPT_SYSTEM_BLOCK : null;
}
