/**
 * Runs inside Chromium before the app (page.addInitScript): builds `window.api` with the very
 * `buildApi` the preload uses, over the harness's bridge — calls go to `__wsopsIpc` (exposed by
 * Playwright, answered by the handler table in Node), events come in through `__wsopsEmit`.
 */
import { buildApi, type ChannelName } from '../../shared/ipc-api';
import type { AppEvent } from '../../shared/ipc';

declare global {
  interface Window {
    __wsopsIpc(channel: ChannelName, payload: unknown): Promise<unknown>;
    __wsopsEmit(event: AppEvent): void;
  }
}

const listeners = new Set<(event: AppEvent) => void>();
window.__wsopsEmit = (event) => {
  for (const l of listeners) l(event);
};
window.api = buildApi(
  (channel, payload) => window.__wsopsIpc(channel, payload),
  (listener) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
);
