import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { requestNames } from '../../src-shared/api';
import type { Dispatch } from '../api/dispatcher';
import type { EventHub } from '../api/event-hub';

/**
 * One ipcMain handler per contract request. A call is served only when it comes from the main
 * frame of our own renderer (checked on the sender frame's URL), never from an iframe or a page
 * that navigated elsewhere.
 */
export function registerIpcTransport(
  dispatch: Dispatch,
  events: EventHub,
  isTrustedUrl: (url: string) => boolean,
): () => void {
  for (const name of requestNames) {
    ipcMain.handle(`api:${name}`, async (event: IpcMainInvokeEvent, params: unknown) => {
      const frame = event.senderFrame;
      if (!frame || frame !== event.sender.mainFrame || !isTrustedUrl(frame.url)) {
        return {
          ok: false,
          error: { code: 'forbidden', message: 'Request from an untrusted frame refused.' },
        };
      }
      return dispatch(name, params);
    });
  }
  return () => {
    for (const name of requestNames) ipcMain.removeHandler(`api:${name}`);
  };
}

/** Forwards core events to one window for as long as it lives. */
export function forwardEvents(events: EventHub, contents: WebContents): () => void {
  const unsubscribe = events.subscribe((name, payload) => {
    if (!contents.isDestroyed()) contents.send(`event:${name}`, payload);
  });
  contents.once('destroyed', unsubscribe);
  return unsubscribe;
}
