import { describe, it, expect } from 'vitest';
import { parseManageBdeStatus } from '../../../electron/system/windows/parse-manage-bde';
import { crlf, fixture } from './fixtures';

describe('parseManageBdeStatus', () => {
  it.each([
    ['de-decrypted.txt', 'off', 0],
    ['de-encrypting.txt', 'off', 3.5],
    ['de-encrypted-on.txt', 'on', 100],
    ['en-msdocs-used-space-only.txt', 'on', 100],
    ['en-labels-decimal-comma.txt', 'on', 100],
  ] as const)('%s → C: protection %s, %s %%', (name, protection, percentEncrypted) => {
    expect(parseManageBdeStatus(fixture('manage-bde', name))).toEqual([
      { volume: 'C:', protection, percentEncrypted },
    ]);
  });

  it('reads several volumes and CRLF output', () => {
    const two = `${fixture('manage-bde', 'en-msdocs-used-space-only.txt')}\nVolume D: [Data]\n[Data Volume]\n\n    Percentage Encrypted: 0.0%\n    Protection Status:    Protection Off (1 reboots left)\n`;
    expect(parseManageBdeStatus(crlf(two))).toEqual([
      { volume: 'C:', protection: 'on', percentEncrypted: 100 },
      { volume: 'D:', protection: 'off', percentEncrypted: 0 },
    ]);
  });

  it('answers unknown protection in a language it does not know, but still reads the percentage', () => {
    const text =
      'Volume C: [OS]\n    Stav ochrany:    Ochrana je zapnuta\n    Zašifrováno:     42,5 %\n';
    expect(parseManageBdeStatus(text)).toEqual([
      { volume: 'C:', protection: 'unknown', percentEncrypted: 42.5 },
    ]);
  });

  it('is null when no volume line exists (partial paste, error, garbage)', () => {
    expect(parseManageBdeStatus(fixture('manage-bde', 'en-partial-no-volume-line.txt'))).toBeNull();
    expect(
      parseManageBdeStatus('ERROR: An attempt to access a required resource was denied.'),
    ).toBeNull();
    expect(parseManageBdeStatus('')).toBeNull();
  });
});
