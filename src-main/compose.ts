import type { AppInfo } from '../src-shared/model';
import { EventHub } from './api/event-hub';
import type { Handlers } from './api/types';
import { systemHandlers } from './api/handlers/system-handlers';
import { kubeHandlers } from './api/handlers/kube-handlers';
import { appsHandlers } from './api/handlers/apps-handlers';
import { repoHandlers } from './api/handlers/repo-handlers';
import { manifestsHandlers } from './api/handlers/manifests-handlers';
import { stateHandlers } from './api/handlers/state-handlers';
import { syncHandlers } from './api/handlers/sync-handlers';

export interface CoreOptions {
  info: AppInfo;
  /** Where settings, sample apps and the sync journal live (Electron userData or XDG config). */
  userDataDir: string;
  /** Folder holding resources/ (the sample app). */
  resourcesDir: string;
  env?: NodeJS.ProcessEnv;
  pickFolder?: () => Promise<string | null>;
  /** Seconds between `system.tick` heartbeats; 0 disables them. */
  tickSeconds?: number;
}

export interface Core {
  handlers: Handlers;
  events: EventHub;
  dispose(): Promise<void>;
}

/** The one place where core services are constructed and wired together. */
export async function createCore(options: CoreOptions): Promise<Core> {
  const events = new EventHub();
  const env = options.env ?? process.env;
  const handlers: Handlers = {
    ...systemHandlers({ info: options.info, ...(options.pickFolder ? { pickFolder: options.pickFolder } : {}) }),
    ...kubeHandlers({ env }),
    ...appsHandlers(),
    ...repoHandlers(),
    ...manifestsHandlers(),
    ...stateHandlers(),
    ...syncHandlers(),
  };

  let n = 0;
  const tickSeconds = options.tickSeconds ?? 10;
  const ticker =
    tickSeconds > 0 ? setInterval(() => events.emit('system.tick', { n: ++n, at: new Date().toISOString() }), tickSeconds * 1000) : null;
  ticker?.unref();

  return {
    handlers,
    events,
    async dispose() {
      if (ticker) clearInterval(ticker);
    },
  };
}
