/**
 * The `ctx.host` of a run that has no Windows machine (a local workflow on Linux/macOS). Every
 * call rejects with one clear sentence, so a Windows check that ends up in such a run reports
 * "unknown: this run has no Windows machine" instead of reading something it shouldn't. A Proxy
 * keeps it complete when WindowsHost grows members.
 */
import type { WindowsHost } from '../ports';

const MESSAGE =
  'this run has no Windows machine (it runs on this computer); use --machine DIR for a practice machine';

const STUBS = new WeakSet<object>();

export function noWindowsHost(): WindowsHost {
  const fixed: Record<string, unknown> = {
    kind: 'real',
    label: 'No Windows machine',
    readOnly: true,
  };
  const stub = new Proxy(fixed, {
    get(target, prop) {
      if (typeof prop === 'string' && Object.hasOwn(target, prop)) return target[prop];
      // `then` must stay undefined or `await host` would treat the stub as a thenable.
      if (prop === 'then' || typeof prop === 'symbol') return undefined;
      // Synchronous optional members: "absent" is the honest answer.
      if (prop === 'localPath') return undefined;
      return () => Promise.reject(new Error(MESSAGE));
    },
  });
  STUBS.add(stub);
  return stub as unknown as WindowsHost;
}

/** False for the stub above: cross-platform workflows use it to pick local vs Windows checks. */
export function hasWindowsHost(host: WindowsHost): boolean {
  return !STUBS.has(host);
}
