/**
 * The IPC channel names and the `window.api` builder — zod-free on purpose: the sandboxed preload
 * bundles this file alone (a few KB) instead of the schemas, which only the main process needs to
 * validate with (./ipc.ts holds them, keyed by the same method names; the compiler keeps the two
 * key sets equal). The e2e harness builds `window.api` with the same `buildApi`.
 */
import type { AppEvent, Method, RequestOf, ResponseOf } from './ipc';

/** `window.api` method → ipcMain/ipcRenderer channel. */
export const CHANNELS = {
  appInfo: 'app:info',
  listWorkflows: 'workflows:list',
  preflight: 'workflows:preflight',
  listRuns: 'runs:list',
  getRun: 'runs:get',
  startRun: 'runs:start',
  resumeRun: 'runs:resume',
  answer: 'runs:answer',
  cancelRun: 'runs:cancel',
  abandonRun: 'runs:abandon',
  exportRun: 'runs:export',
  openLogFolder: 'runs:open-log-folder',
  listPractice: 'practice:list',
  createPractice: 'practice:create',
  openPractice: 'practice:open',
  openBundle: 'bundle:open',
  reminders: 'reminders:status',
  machineHealth: 'health:this-computer',
  checkReminder: 'reminders:check',
  openWebPage: 'shell:open-web-page',
  pickPath: 'dialog:pick-path',
  setReminder: 'reminders:set',
  removeReminder: 'reminders:remove',
} as const;

export type ChannelName = (typeof CHANNELS)[keyof typeof CHANNELS];

/** The one main → renderer event channel (run updates and progress; schema: AppEventSchema). */
export const EVENT_CHANNEL = 'wsops:event';

/** Every channel, for the main process's registration. */
export const CHANNEL_NAMES: readonly ChannelName[] = Object.values(CHANNELS);

type Nothing = Record<never, never>;
type RequiredKeys<T> = { [K in keyof T]-?: Nothing extends Pick<T, K> ? never : K }[keyof T];

// A request without required fields may be left out: api.listRuns().
type MethodFn<M extends Method> = [RequiredKeys<RequestOf<M>>] extends [never]
  ? (request?: RequestOf<M>) => Promise<ResponseOf<M>>
  : (request: RequestOf<M>) => Promise<ResponseOf<M>>;

/** `window.api`: one named method per channel (never a generic invoke) plus `onEvent`. */
export type Api = { [M in Method]: MethodFn<M> } & {
  /** Subscribes to run updates and progress; returns the unsubscribe function. */
  onEvent(listener: (event: AppEvent) => void): () => void;
};

export type Invoke = (channel: ChannelName, payload: unknown) => Promise<unknown>;
export type Subscribe = (listener: (event: AppEvent) => void) => () => void;

/**
 * Electron prefixes a rejected `ipcRenderer.invoke` with "Error invoking remote method 'x':
 * Error: "; people should see the one line the main process wrote.
 */
export function cleanIpcError(e: unknown): Error {
  const raw = e instanceof Error ? e.message : String(e);
  const message = raw
    .replace(/^Error invoking remote method '[^']*': /, '')
    .replace(/^(?:Error|InputError): /, '');
  return new Error(message);
}

/**
 * Builds `window.api` from the channel list. The preload passes ipcRenderer-based `invoke` and
 * `subscribe`; the e2e harness passes its page bridge — so both expose the very same object.
 */
export function buildApi(invoke: Invoke, subscribe: Subscribe): Api {
  const api: Record<string, unknown> = {};
  for (const [method, channel] of Object.entries(CHANNELS)) {
    api[method] = (request?: unknown) =>
      invoke(channel, request ?? {}).catch((e: unknown) => {
        throw cleanIpcError(e);
      });
  }
  api.onEvent = (listener: (event: AppEvent) => void) => subscribe(listener);
  return api as Api;
}
