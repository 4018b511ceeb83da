/**
 * The preload: exposes `window.api` — one named method per channel of the shared contract, plus
 * `onEvent` — and nothing else (no generic invoke, no ipcRenderer). Built by the same
 * `buildApi` the e2e harness uses, so the browser tests drive exactly this object's shape.
 * Runs sandboxed: bundled to a single CommonJS file with its dependencies inlined.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNEL, buildApi } from '../../shared/ipc-api';
import type { AppEvent } from '../../shared/ipc';

const api = buildApi(
  (channel, payload) => ipcRenderer.invoke(channel, payload),
  (listener) => {
    const handler = (_event: IpcRendererEvent, event: AppEvent) => listener(event);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
);

contextBridge.exposeInMainWorld('api', api);
