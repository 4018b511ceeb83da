/**
 * `fdesetup status` (macOS) → FileVault on / off / unknown. Pure; never throws.
 *
 * Known forms: "FileVault is On.", "FileVault is Off.", "FileVault is Off, but will be enabled
 * after the next restart." (deferred), an extra "Deferred enablement appears to be active for
 * user '…'." line, "Encryption in progress: Percent completed = 42.5" or "Decryption in
 * progress: …" (sometimes without the first line), and "FileVault master keychain appears to be
 * installed.". Deferred counts as off: the disk is not encrypted until the restart.
 */

export interface FileVaultStatus {
  state: 'on' | 'off' | 'unknown';
  /** Enabling is scheduled for the next restart or login. */
  deferred: boolean;
  progress: { direction: 'encrypting' | 'decrypting'; percent: number | null } | null;
  /** The first non-empty line, for the log. */
  line: string | null;
}

export function parseFdesetupStatus(text: string): FileVaultStatus {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const all = lines.join('\n');
  const out: FileVaultStatus = {
    state: 'unknown',
    deferred: false,
    progress: null,
    line: lines[0] ?? null,
  };
  const progress =
    /(Encryption|Decryption) in progress:?\s*(?:Percent completed\s*=\s*([\d.]+))?/i.exec(all);
  if (progress) {
    const pct = progress[2] !== undefined ? Number(progress[2]) : null;
    out.progress = {
      direction: progress[1]!.toLowerCase() === 'encryption' ? 'encrypting' : 'decrypting',
      percent: pct !== null && Number.isFinite(pct) && pct >= 0 && pct <= 100 ? pct : null,
    };
  }
  out.deferred =
    /will be enabled after the next restart|Deferred enablement appears to be active/i.test(all);
  if (/FileVault is On\b/i.test(all)) out.state = 'on';
  else if (/FileVault is Off\b/i.test(all)) out.state = 'off';
  else if (out.progress) out.state = out.progress.direction === 'encrypting' ? 'on' : 'off';
  return out;
}
