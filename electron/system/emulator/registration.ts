/**
 * How an installed program appears in the registry and the service database of a practice
 * machine: the Uninstall key an Inno Setup installer writes (values as in
 * test/fixtures/bundles/*\/reg-uninstall.txt) and the service entries.
 */
import type { MachineProfile } from '../simulated/profile';
import type { EmulatedService, RegValueOut } from './formats';
import { diskCryptorRegistration } from './diskcryptor-releases';
import { enforce } from './rules';

type Program = MachineProfile['programs'][number];

export const UNINSTALL =
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall';
export const UNINSTALL_WOW64 =
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall';
export const SERVICES = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services';

/** Inno Setup names its key `<AppId>_is1`; DiskCryptor's AppId is "DiskCryptor". */
export function uninstallKeyName(p: Program): string {
  return p.name === 'DiskCryptor' ? 'DiskCryptor_is1' : p.name.replace(/[\\\s]+/g, '');
}

export function uninstallValues(p: Program): RegValueOut[] {
  if (p.name === 'DiskCryptor') enforce('dc-registration-strings');
  const reg =
    p.name === 'DiskCryptor'
      ? diskCryptorRegistration(p.version)
      : { displayName: p.name, displayVersion: p.version };
  const dir = p.installDir;
  return [
    ...(dir ? [{ name: 'Inno Setup: App Path', type: 'REG_SZ' as const, data: dir }] : []),
    ...(dir ? [{ name: 'InstallLocation', type: 'REG_SZ' as const, data: `${dir}\\` }] : []),
    { name: 'DisplayName', type: 'REG_SZ', data: reg.displayName },
    ...(dir
      ? [{ name: 'UninstallString', type: 'REG_SZ' as const, data: `"${dir}\\unins000.exe"` }]
      : []),
    ...(dir
      ? [
          {
            name: 'QuietUninstallString',
            type: 'REG_SZ' as const,
            data: `"${dir}\\unins000.exe" /SILENT`,
          },
        ]
      : []),
    { name: 'DisplayVersion', type: 'REG_SZ', data: reg.displayVersion },
    ...(p.publisher ? [{ name: 'Publisher', type: 'REG_SZ' as const, data: p.publisher }] : []),
    { name: 'NoModify', type: 'REG_DWORD', data: 1 },
    { name: 'NoRepair', type: 'REG_DWORD', data: 1 },
  ];
}

const DISPLAY_NAMES: Record<string, string> = {
  wuauserv: 'Windows Update',
  bits: 'Background Intelligent Transfer Service',
  cryptsvc: 'Cryptographic Services',
  dosvc: 'Delivery Optimization',
  dcrypt: 'dcrypt',
  veracrypt: 'veracrypt',
};

const DRIVERS = new Set(['dcrypt', 'veracrypt']);

export function emulatedService(
  name: string,
  s: MachineProfile['services'][string],
): EmulatedService {
  const kernelDriver = DRIVERS.has(name);
  return {
    name,
    displayName: s.displayName ?? DISPLAY_NAMES[name] ?? name,
    kernelDriver,
    state: s.state,
    startType: s.startType,
    delayed: s.delayed,
    // A stable, plausible PID per service name.
    pid: s.pid ?? 1000 + [...name].reduce((a, c) => (a * 31 + c.charCodeAt(0)) % 8000, 7),
    binaryPath:
      s.imagePath ??
      (kernelDriver
        ? `\\SystemRoot\\System32\\drivers\\${name}.sys`
        : 'C:\\WINDOWS\\system32\\svchost.exe -k netsvcs -p'),
  };
}

/** `HKLM\SYSTEM\CurrentControlSet\Services\NAME`: the values sc and the installers read. */
export function serviceValues(name: string, s: MachineProfile['services'][string]): RegValueOut[] {
  const e = emulatedService(name, s);
  const start = { boot: 0, system: 1, auto: 2, demand: 3, disabled: 4 }[s.startType];
  return [
    { name: 'Type', type: 'REG_DWORD', data: e.kernelDriver ? 1 : 0x20 },
    { name: 'Start', type: 'REG_DWORD', data: start },
    { name: 'ErrorControl', type: 'REG_DWORD', data: 1 },
    { name: 'ImagePath', type: 'REG_EXPAND_SZ', data: e.binaryPath },
    { name: 'DisplayName', type: 'REG_SZ', data: e.displayName },
    ...(s.deleteFlag ? [{ name: 'DeleteFlag', type: 'REG_DWORD' as const, data: 1 }] : []),
  ];
}
