/**
 * System Restore on a practice machine: the SystemRestore registry key and Checkpoint-Computer
 * (commands.ts checkpointComputer, the one script the host sends), from machine.json
 * `systemRestore`. The rules it follows are in docs/windows-behaviour.md:
 * checkpoint-computer-needs-admin, checkpoint-computer-24h, checkpoint-computer-protection-off
 * and system-protection-registry.
 */
import { DEFAULT_RESTORE_POINT_FREQUENCY_MINUTES } from '../windows/restore-points';
import { RESTORE_POINT_DESCRIPTION } from '../windows/commands';
import type { MachineProfile } from '../simulated/profile';
import type { EmulatedMachine } from './machine';
import type { RegValueOut } from './formats';
import { enforce } from './rules';

/** The values `reg query` lists under HKLM\…\SystemRestore. */
export function systemRestoreValues(p: MachineProfile): RegValueOut[] {
  enforce('system-protection-registry');
  const sr = p.systemRestore;
  return [
    // Windows writes 1 when protection is turned on for a drive and 0 when it is off on all.
    { name: 'RPSessionInterval', type: 'REG_DWORD', data: sr.protection ? 1 : 0 },
    ...(sr.frequencyMinutes === null
      ? []
      : [
          {
            name: 'SystemRestorePointCreationFrequency',
            type: 'REG_DWORD' as const,
            data: sr.frequencyMinutes,
          },
        ]),
  ];
}

/** Windows PowerShell's text for the errors below (en-US; the host never reads it). */
const ACCESS_DENIED =
  'Checkpoint-Computer : Access is denied. (Exception from HRESULT: 0x80070005 (E_ACCESSDENIED))';
const SERVICE_DISABLED =
  'The service cannot be started, either because it is disabled or because it has no enabled devices associated with it. (Exception from HRESULT: 0x80070422)';

/**
 * Runs the checkpoint script's effect and prints its JSON line, the way the real script does:
 * the sequence numbers before, the list after, whether it warned, its first error.
 */
export function emulateCheckpoint(
  machine: EmulatedMachine,
  elevated: boolean,
  now: Date = new Date(),
): { exitCode: number; stdout: string; stderr: string } {
  const p = machine.load();
  const listed = (q: MachineProfile) =>
    // Get-ComputerRestorePoint itself needs an administrator: unelevated it lists nothing.
    elevated
      ? q.systemRestore.points.map((x) => ({
          sequence: x.sequence,
          created: new Date(x.created).toISOString(),
          description: x.description,
        }))
      : [];
  const line = (q: MachineProfile, warned: boolean, error: string) => ({
    exitCode: 0,
    stdout: `${JSON.stringify({
      before: listed(p).map((x) => x.sequence),
      after: listed(q),
      warned,
      error,
    })}\r\n`,
    stderr: '',
  });
  if (!elevated) {
    enforce('checkpoint-computer-needs-admin');
    return line(p, false, ACCESS_DENIED);
  }
  if (!p.systemRestore.protection) {
    enforce('checkpoint-computer-protection-off');
    return line(p, false, SERVICE_DISABLED);
  }
  const frequency = p.systemRestore.frequencyMinutes ?? DEFAULT_RESTORE_POINT_FREQUENCY_MINUTES;
  const newest = Math.max(...p.systemRestore.points.map((x) => Date.parse(x.created)), -Infinity);
  if (frequency > 0 && now.getTime() - newest < frequency * 60_000) {
    // Only a warning ("…already been created within the past N minutes"), which the script
    // counts instead of printing; nothing is made and the exit code is 0.
    enforce('checkpoint-computer-24h');
    return line(p, true, '');
  }
  const after = machine.update(`Restore point made: ${RESTORE_POINT_DESCRIPTION}`, (q) => {
    const sequence = Math.max(0, ...q.systemRestore.points.map((x) => x.sequence)) + 1;
    q.systemRestore.points.push({
      sequence,
      created: now.toISOString(),
      description: RESTORE_POINT_DESCRIPTION,
    });
    return q;
  });
  return line(after, false, '');
}
