/**
 * electron-builder.yml against electron-builder's own JSON schema (the one it validates with),
 * plus the settings the app's security depends on.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');
interface BuilderConfig {
  productName: string;
  icon: string;
  files: string[];
  directories: { buildResources: string };
  win: { requestedExecutionLevel: string; target: { target: string }[] };
  linux: { target: string[] };
  mac: { target: { target: string }[] };
  electronFuses: Record<string, boolean>;
}
const config = parse(
  fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'),
) as BuilderConfig;

describe('electron-builder.yml', () => {
  it('is valid against app-builder-lib/scheme.json', () => {
    const require = createRequire(import.meta.url);
    const schema = JSON.parse(
      fs.readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'),
    );
    // The schema uses a few non-standard keywords ("typeof"); Ajv must not reject it for them.
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addKeyword({ keyword: 'typeof' });
    const validate = ajv.compile(schema);
    const ok = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 1)).toEqual([]);
    expect(ok).toBe(true);
    // The same validator does reject a wrong value (so the test can fail).
    expect(
      validate({ ...config, win: { ...config.win, requestedExecutionLevel: 'asAdmin' } }),
    ).toBe(false);
    expect(
      validate({ ...config, electronFuses: { ...config.electronFuses, runAsNodeX: false } }),
    ).toBe(false);
  });

  it('runs unelevated and locks Electron down with fuses', () => {
    expect(config.productName).toBe('Workstation Ops');
    expect(config.win.requestedExecutionLevel).toBe('asInvoker');
    expect(config.win.target.map((t: { target: string }) => t.target)).toEqual([
      'nsis',
      'portable',
    ]);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target.map((t: { target: string }) => t.target)).toEqual(['dmg']);
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    expect(config.files.filter((f: string) => !f.startsWith('!'))).toEqual(['out/**']);
  });

  it('points at files that exist', () => {
    expect(fs.existsSync(path.join(root, config.icon))).toBe(true);
    expect(fs.existsSync(path.join(root, config.directories.buildResources))).toBe(true);
  });
});
