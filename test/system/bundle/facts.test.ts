import { describe, it, expect } from 'vitest';
import { openBundle } from '../../../electron/system/bundle/host';
import { FactsSchema, gatherFacts, type Facts } from '../../../electron/system/bundle/facts';
import type { WindowsHost } from '../../../electron/system/ports';
import { bundleDir } from './bundles';

const svc = (state: string, startType: string) => ({ state, startType });

describe('gatherFacts over the sample bundles', () => {
  it('diskcryptor-1709: the failing machine', async () => {
    const facts = await gatherFacts(await openBundle(bundleDir('diskcryptor-1709')));
    expect(facts).toEqual<Facts>({
      os: { version: '10.0.16299', build: 16299 },
      services: {
        wuauserv: svc('running', 'demand'),
        bits: svc('stopped', 'demand'),
        cryptsvc: svc('running', 'auto'),
        dcrypt: svc('running', 'boot'),
        veracrypt: svc('missing', 'unknown'),
      } as Facts['services'],
      programs: [
        { name: '7-Zip 23.01 (x64)', version: '23.01' },
        { name: 'Check MK Agent 2.1', version: '2.1.0.50010' },
        { name: 'DiskCryptor 1.1.846.118', version: '1.1.846.118' },
      ],
      bitlocker: [{ volume: 'C:', protection: 'off', percentEncrypted: 0 }],
      bugchecks: [
        { time: '2018-03-14T09:41:12.000', code: '0x0000001a' },
        { time: '2018-03-13T22:05:47.000', code: '0x0000001a' },
      ],
      setupConfig: {
        reflectDrivers: 'C:\\Program Files\\dcrypt',
        postOOBE: 'C:\\Program Files\\dcrypt\\PostOOBE.cmd',
      },
      softwareDistribution: { files: 4182, bytes: 3_862_119_274 },
      notCollected: [],
    });
  });

  it('clean-win11: healthy, BitLocker on, nothing left behind', async () => {
    const facts = await gatherFacts(await openBundle(bundleDir('clean-win11')));
    expect(facts).toEqual<Facts>({
      os: { version: '10.0.22631', build: 22631 },
      services: {
        wuauserv: svc('running', 'demand'),
        bits: svc('stopped', 'demand'),
        cryptsvc: svc('running', 'auto'),
        dcrypt: svc('missing', 'unknown'),
        veracrypt: svc('missing', 'unknown'),
      } as Facts['services'],
      programs: [{ name: '7-Zip 23.01 (x64)', version: '23.01' }],
      bitlocker: [{ volume: 'C:', protection: 'on', percentEncrypted: 100 }],
      bugchecks: [],
      setupConfig: null,
      softwareDistribution: { files: 312, bytes: 48_220_131 },
      notCollected: [],
    });
  });

  it('german-bitlocker: German labels, decimal commas, dotted thousands, an emptied SetupConfig.ini', async () => {
    const facts = await gatherFacts(await openBundle(bundleDir('german-bitlocker')));
    expect(facts.os).toEqual({ version: '10.0.19045', build: 19045 });
    expect(facts.bitlocker).toEqual([{ volume: 'C:', protection: 'on', percentEncrypted: 100 }]);
    expect(facts.services.veracrypt).toEqual(svc('running', 'system'));
    expect(facts.services.dcrypt).toEqual(svc('missing', 'unknown'));
    expect(facts.programs).toEqual([
      { name: '7-Zip 23.01 (x64)', version: '23.01' },
      { name: 'VeraCrypt', version: '1.26.7' },
    ]);
    expect(facts.bugchecks).toEqual([]);
    expect(facts.setupConfig).toEqual({ reflectDrivers: null, postOOBE: null });
    expect(facts.softwareDistribution).toEqual({ files: 1207, bytes: 912_334_512 });
  });

  it('garbage: unknown and null everywhere, no throw', async () => {
    const facts = await gatherFacts(await openBundle(bundleDir('garbage')));
    expect(facts).toEqual<Facts>({
      os: { version: null, build: null },
      services: {
        wuauserv: svc('unknown', 'unknown'),
        bits: svc('unknown', 'unknown'),
        cryptsvc: svc('unknown', 'unknown'),
        dcrypt: svc('unknown', 'unknown'),
        veracrypt: svc('unknown', 'unknown'),
      } as Facts['services'],
      programs: null,
      bitlocker: null,
      bugchecks: null,
      setupConfig: { reflectDrivers: null, postOOBE: null },
      softwareDistribution: null,
      notCollected: [],
    });
  });

  it('every sample’s facts satisfy the published schema', async () => {
    for (const name of ['diskcryptor-1709', 'clean-win11', 'german-bitlocker', 'garbage']) {
      expect(
        FactsSchema.safeParse(await gatherFacts(await openBundle(bundleDir(name)))).success,
      ).toBe(true);
    }
  });
});

describe('gatherFacts on any host', () => {
  it('turns a host whose reads throw into unknown/null instead of failing', async () => {
    const boom = async () => {
      throw new Error('boom');
    };
    const host = new Proxy({} as WindowsHost, { get: () => boom });
    const facts = await gatherFacts(host);
    expect(facts.os).toEqual({ version: null, build: null });
    expect(facts.services.wuauserv).toEqual(svc('unknown', 'unknown'));
    expect([
      facts.programs,
      facts.bitlocker,
      facts.bugchecks,
      facts.setupConfig,
      facts.softwareDistribution,
    ]).toEqual([null, null, null, null, null]);
  });
});
