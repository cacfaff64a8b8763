import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isEventName, isRequestName, type Envelope } from '../../src-shared/api';

// The renderer gets exactly two functions, and only for names in the contract. Everything else
// (Node, ipcRenderer itself) stays out of its reach.
contextBridge.exposeInMainWorld('gitopsDesktop', {
  invoke(name: unknown, params: unknown): Promise<Envelope<unknown>> {
    if (!isRequestName(name)) {
      return Promise.resolve({ ok: false, error: { code: 'unknown-request', message: 'Unknown request.' } });
    }
    return ipcRenderer.invoke(`api:${name}`, params) as Promise<Envelope<unknown>>;
  },
  on(name: unknown, listener: (payload: unknown) => void): () => void {
    if (!isEventName(name) || typeof listener !== 'function') return () => {};
    const channel = `event:${name}`;
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => ipcRenderer.removeListener(channel, wrapped);
  },
});
