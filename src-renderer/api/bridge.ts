import type { EventName, RequestName, Envelope } from '../../src-shared/api';

/** What the Electron preload exposes on window.gitopsDesktop (see src-main/electron/preload.ts). */
export interface DesktopBridge {
  invoke(name: RequestName, params: unknown): Promise<Envelope<unknown>>;
  on(name: EventName, listener: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    gitopsDesktop?: DesktopBridge;
  }
}
