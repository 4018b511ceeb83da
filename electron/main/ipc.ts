/**
 * The ipcMain glue: every channel of the contract registered once, each call checked to come from
 * our window's main frame showing our page before it reaches the handler table (electron/fiddle's
 * src/main/ipc.ts checks the sender the same way). Everything else lives in handlers.ts.
 */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { CHANNEL_NAMES, type ChannelName } from '../../shared/ipc';
import type { Handlers } from './handlers';
import { isAppUrl } from './app-protocol';

export function registerIpc(
  handlers: Handlers,
  trustedWindow: () => BrowserWindow | null,
  devServerUrl?: string,
): void {
  const table = handlers as unknown as Record<ChannelName, (payload: unknown) => Promise<unknown>>;
  const trusted = (event: IpcMainInvokeEvent): boolean => {
    const win = trustedWindow();
    const frame = event.senderFrame;
    return (
      win !== null &&
      !win.isDestroyed() &&
      BrowserWindow.fromWebContents(event.sender) === win &&
      frame !== null &&
      frame === event.sender.mainFrame &&
      isAppUrl(frame.url, devServerUrl)
    );
  };
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(channel, (event, payload: unknown) => {
      if (!trusted(event)) {
        console.warn(
          `wsops: dropped ${channel} from an unknown sender (${event.senderFrame?.url ?? 'no frame'})`,
        );
        return Promise.reject(
          new Error('Refused: this request did not come from the Workstation Ops window.'),
        );
      }
      return table[channel](payload);
    });
  }
}
