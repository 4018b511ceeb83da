import { describe, expect, it } from 'vitest';
import { applyReboot } from '../../electron/system/simulated/physics';
import { MachineProfileSchema } from '../../electron/system/simulated/profile';

function machine() {
  return MachineProfileSchema.parse({
    os: { caption: 'Windows 10', version: '10.0.16299' },
    services: {
      wuauserv: { state: 'stopped', startType: 'demand' },
      dcrypt: { state: 'running', startType: 'boot' },
      cryptsvc: { state: 'stopped', startType: 'auto' },
    },
    pendingFeatureUpdate: { version: '10.0.17134' },
  });
}
const now = new Date('2026-01-01T00:00:00Z');

describe('practice machine physics', () => {
  it('a staged update blue-screens with 0x1A and rolls back while the DiskCryptor driver is installed', () => {
    const m = machine();
    applyReboot(m, { now, cacheEmpty: true, reason: 't' });
    // The cache was empty: reset, nothing staged, so no attempt this boot.
    expect(m.bugchecks).toHaveLength(0);
    m.pendingFeatureUpdate!.staged = true;
    applyReboot(m, { now, cacheEmpty: true, reason: 't' });
    expect(m.bugchecks).toEqual([{ time: m.boot.time, code: '0x0000001a' }]);
    expect(m.os.version).toBe('10.0.16299');
  });

  it('installs once the driver is gone and the cache was cleared', () => {
    const m = machine();
    delete m.services.dcrypt;
    applyReboot(m, { now, cacheEmpty: false, reason: 't' });
    expect(m.os.version).toBe('10.0.16299');
    applyReboot(m, { now, cacheEmpty: true, reason: 't' });
    m.pendingFeatureUpdate!.staged = true;
    applyReboot(m, { now, cacheEmpty: true, reason: 't' });
    expect(m.os.version).toBe('10.0.17134');
    expect(m.pendingFeatureUpdate).toBeNull();
    expect(m.bugchecks).toHaveLength(0);
  });

  it('starts auto services, keeps demand ones stopped, boot times strictly increase', () => {
    const m = machine();
    const t0 = m.boot.time;
    applyReboot(m, { now: new Date(0), cacheEmpty: false, reason: 't' });
    expect(Date.parse(m.boot.time)).toBeGreaterThan(Date.parse(t0));
    expect(m.services.cryptsvc!.state).toBe('running');
    expect(m.services.wuauserv!.state).toBe('stopped');
    expect(m.boot.count).toBe(2);
  });

  it('the first reinstall leaves the dcrypt driver stopped; the next one runs', () => {
    const m = machine();
    m.sim.dcryptReinstalls = 1;
    applyReboot(m, { now, cacheEmpty: false, reason: 't' });
    expect(m.services.dcrypt!.state).toBe('stopped');
    m.sim.dcryptReinstalls = 2;
    applyReboot(m, { now, cacheEmpty: false, reason: 't' });
    expect(m.services.dcrypt!.state).toBe('running');
  });
});
