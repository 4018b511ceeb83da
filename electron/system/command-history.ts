/**
 * Which programs a host started while something ran (a preflight, the facts): what `wsops check
 * --json` prints as commands[] and the app shows as "Commands run". Hosts that start no programs
 * (this computer on Linux/macOS, a stand-in) have no history: an empty list.
 */
import type { CommandRecord } from './command-runner';

export type { CommandRecord };

/** The history of a host that keeps one; [] for any other (stand-ins answer every call). */
function historyOf(host: unknown): readonly CommandRecord[] {
  const read = (host as { commandHistory?: unknown } | null)?.commandHistory;
  if (typeof read !== 'function') return [];
  try {
    const h: unknown = read.call(host);
    if (h instanceof Promise) void h.catch(() => undefined);
    return Array.isArray(h) ? (h as CommandRecord[]) : [];
  } catch {
    return [];
  }
}

export async function commandsDuring<T>(
  host: unknown,
  run: () => Promise<T>,
): Promise<{ value: T; commands: CommandRecord[] }> {
  // By identity, not index: the history is bounded and drops its oldest entries.
  const before = new Set(historyOf(host));
  const value = await run();
  const commands = historyOf(host).filter((c) => !before.has(c));
  return { value, commands: commands.map((c) => ({ ...c })) };
}
