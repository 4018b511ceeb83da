/**
 * The replay of every fixture bundle gives the facts today's reader gave: this snapshot was taken
 * from the BundleHost that implemented the ports directly, before bundles became recorded command
 * outputs replayed under the real Windows host. Any difference is a regression of the replay.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openBundle } from '../../electron/system/bundle/host';
import { gatherFacts } from '../../electron/system/bundle/facts';
import { BUNDLES } from '../system/bundle/bundles';

const BEFORE: Record<string, unknown> = {
  'clean-win11': {
    os: {
      version: '10.0.22631',
      build: 22631,
    },
    services: {
      wuauserv: {
        state: 'running',
        startType: 'demand',
      },
      bits: {
        state: 'stopped',
        startType: 'demand',
      },
      cryptsvc: {
        state: 'running',
        startType: 'auto',
      },
      dcrypt: {
        state: 'missing',
        startType: 'unknown',
      },
      veracrypt: {
        state: 'missing',
        startType: 'unknown',
      },
    },
    programs: [
      {
        name: '7-Zip 23.01 (x64)',
        version: '23.01',
      },
    ],
    bitlocker: [
      {
        volume: 'C:',
        protection: 'on',
        percentEncrypted: 100,
      },
    ],
    bugchecks: [],
    setupConfig: null,
    softwareDistribution: {
      files: 312,
      bytes: 48220131,
    },
    notCollected: [],
  },
  'diskcryptor-1709': {
    os: {
      version: '10.0.16299',
      build: 16299,
    },
    services: {
      wuauserv: {
        state: 'running',
        startType: 'demand',
      },
      bits: {
        state: 'stopped',
        startType: 'demand',
      },
      cryptsvc: {
        state: 'running',
        startType: 'auto',
      },
      dcrypt: {
        state: 'running',
        startType: 'boot',
      },
      veracrypt: {
        state: 'missing',
        startType: 'unknown',
      },
    },
    programs: [
      {
        name: '7-Zip 23.01 (x64)',
        version: '23.01',
      },
      {
        name: 'Check MK Agent 2.1',
        version: '2.1.0.50010',
      },
      {
        name: 'DiskCryptor 1.1.846.118',
        version: '1.1.846.118',
      },
    ],
    bitlocker: [
      {
        volume: 'C:',
        protection: 'off',
        percentEncrypted: 0,
      },
    ],
    bugchecks: [
      {
        time: '2018-03-14T09:41:12.000',
        code: '0x0000001a',
      },
      {
        time: '2018-03-13T22:05:47.000',
        code: '0x0000001a',
      },
    ],
    setupConfig: {
      reflectDrivers: 'C:\\Program Files\\dcrypt',
      postOOBE: 'C:\\Program Files\\dcrypt\\PostOOBE.cmd',
    },
    softwareDistribution: {
      files: 4182,
      bytes: 3862119274,
    },
    notCollected: [],
  },
  garbage: {
    os: {
      version: null,
      build: null,
    },
    services: {
      wuauserv: {
        state: 'unknown',
        startType: 'unknown',
      },
      bits: {
        state: 'unknown',
        startType: 'unknown',
      },
      cryptsvc: {
        state: 'unknown',
        startType: 'unknown',
      },
      dcrypt: {
        state: 'unknown',
        startType: 'unknown',
      },
      veracrypt: {
        state: 'unknown',
        startType: 'unknown',
      },
    },
    programs: null,
    bitlocker: null,
    bugchecks: null,
    setupConfig: {
      reflectDrivers: null,
      postOOBE: null,
    },
    softwareDistribution: null,
    notCollected: [],
  },
  'german-bitlocker': {
    os: {
      version: '10.0.19045',
      build: 19045,
    },
    services: {
      wuauserv: {
        state: 'running',
        startType: 'demand',
      },
      bits: {
        state: 'stopped',
        startType: 'demand',
      },
      cryptsvc: {
        state: 'running',
        startType: 'auto',
      },
      dcrypt: {
        state: 'missing',
        startType: 'unknown',
      },
      veracrypt: {
        state: 'running',
        startType: 'system',
      },
    },
    programs: [
      {
        name: '7-Zip 23.01 (x64)',
        version: '23.01',
      },
      {
        name: 'VeraCrypt',
        version: '1.26.7',
      },
    ],
    bitlocker: [
      {
        volume: 'C:',
        protection: 'on',
        percentEncrypted: 100,
      },
    ],
    bugchecks: [],
    setupConfig: {
      reflectDrivers: null,
      postOOBE: null,
    },
    softwareDistribution: {
      files: 1207,
      bytes: 912334512,
    },
    notCollected: [],
  },
};

describe('replaying the fixture bundles', () => {
  it('covers every fixture bundle', () => {
    expect(fs.readdirSync(BUNDLES).sort()).toEqual(Object.keys(BEFORE).sort());
  });
  for (const name of Object.keys(BEFORE))
    it(`${name}: the same facts as before the replay`, async () => {
      expect(await gatherFacts(await openBundle(path.join(BUNDLES, name)))).toEqual(BEFORE[name]);
    });
});
