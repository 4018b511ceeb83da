/**
 * Issue 10, points 4 and 9, on practice machines through the emulator (the real Windows host,
 * only execFile emulated): Windows Update is never left disabled across a restart, and BitLocker
 * protection comes back by itself if a run is abandoned after the suspend.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { wsops } from '../helpers/cli';
import { practice, readMachine, removeTempDirs } from '../workflows/helpers';
import { EmulatedMachine } from '../../electron/system/emulator/machine';
import { restartMachine } from '../../electron/system/emulator/boot';
import { BITLOCKER_SUSPEND_RESTARTS } from '../../electron/workflows/windows-update-diskcryptor';

afterAll(removeTempDirs);
const WF = 'windows-update-diskcryptor';

describe('point 9: Windows Update is never left disabled', () => {
  it('wu-restarts-itself: at the first restart pause wuauserv has its original start type again', () => {
    const { machine, env } = practice('wu-restarts-itself', 40);
    const r = wsops(['run', WF, '--machine', machine, '--yes'], env);
    expect(r.code, r.stderr).toBe(3);
    const m = readMachine(machine);
    // The clear happened (the folder is empty) and the temporary "disabled" is already undone.
    expect(m.services.wuauserv.startType).toBe('demand');
    expect(m.sim.history.map((h: { event: string }) => h.event)).toContain(
      'service wuauserv start type set to demand',
    );
  });
});

describe('point 4: BitLocker suspended with -RebootCount > 0', () => {
  it('bitlocker-11: after the suspend, protection returns by itself after the counted restarts', () => {
    const { machine, env } = practice('bitlocker-11', 20);
    let r = wsops(['run', WF, '--machine', machine, '--yes'], env);
    expect(r.code, r.stderr).toBe(3); // reboot-after-clear
    r = wsops(['resume', '--yes'], env);
    expect(r.code, r.stderr).toBe(3); // reboot-into-update: suspended now
    const m = readMachine(machine);
    expect(m.encryption.bitlocker[0].protection).toBe('off');
    expect(BITLOCKER_SUSPEND_RESTARTS).toBeGreaterThan(0);
    // The restart for the update already happened (the CLI paused after it): one counted.
    expect(m.sim.bitlockerResumeAfterBoots).toBe(BITLOCKER_SUSPEND_RESTARTS - 1);
    // The person abandons the run here: nobody resumes BitLocker; Windows restarts on its own.
    const pc = new EmulatedMachine(machine);
    for (let i = 1; i < BITLOCKER_SUSPEND_RESTARTS; i++) restartMachine(pc, 'abandoned run');
    expect(readMachine(machine).encryption.bitlocker[0].protection).toBe('on');
  });
});
