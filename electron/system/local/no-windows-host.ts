/**
 * The `ctx.host` of a run that has no Windows machine (a local workflow on Linux/macOS). Every
 * call rejects with one clear sentence, so a Windows check that ends up in such a run reports
 * "unknown: this run has no Windows machine" instead of reading something it shouldn't. A plain
 * object typed as the whole port: the compiler keeps it complete when WindowsHost grows.
 */
import type { HostIdentity, WindowsHost } from '../ports';

const MESSAGE =
  'this run has no Windows machine (it runs on this computer); use --machine DIR for a practice machine';

const STUBS = new WeakSet<object>();

const refuse = (): Promise<never> => Promise.reject(new Error(MESSAGE));

export function noWindowsHost(): WindowsHost {
  const stub: WindowsHost = {
    kind: 'real',
    label: 'No Windows machine',
    readOnly: true,
    os: refuse,
    isAdmin: refuse,
    elevation: refuse,
    service: refuse,
    programs: refuse,
    bugchecks: refuse,
    encryption: refuse,
    freeBytes: refuse,
    pendingFeatureUpdate: refuse,
    bootTime: refuse,
    userProfile: refuse,
    health: refuse,
    bootProtections: refuse,
    exists: refuse,
    readText: refuse,
    listDir: refuse,
    treeStats: refuse,
    sha256: refuse,
    // No Windows files here: paths are answers to check as written, not files to look at.
    localPath: () => null,
    writeText: refuse,
    copyFile: refuse,
    deleteFile: refuse,
    renameAside: refuse,
    restoreAside: refuse,
    clearDirectory: refuse,
    removeSetupConfigKeys: refuse,
    stopService: refuse,
    startService: refuse,
    setStartType: refuse,
    uninstallProgram: refuse,
    runInstaller: refuse,
    suspendBitLocker: refuse,
    resumeBitLocker: refuse,
    systemProtection: refuse,
    createRestorePoint: refuse,
    reboot: refuse,
    removeResumeTask: refuse,
    launch: refuse,
  };
  STUBS.add(stub);
  return stub;
}

/** False for the stub above: cross-platform workflows use it to pick local vs Windows checks. */
export function hasWindowsHost(host: HostIdentity): boolean {
  return !STUBS.has(host);
}
