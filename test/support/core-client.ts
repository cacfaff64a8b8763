import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ApiClient, EventName, EventPayload } from '../../src-shared/api';
import { ApiFailure } from '../../src-shared/errors';
import { createCore, type Core, type CoreOptions } from '../../src-main/compose';
import { createDispatcher } from '../../src-main/api/dispatcher';

export interface TestCore {
  core: Core;
  /** A client that goes through the same validation and error mapping as the real transports. */
  api: ApiClient;
  userDataDir: string;
  /** Resolves with the first event of that name matching the predicate. */
  waitForEvent<E extends EventName>(
    name: E,
    predicate?: (p: EventPayload<E>) => boolean,
    timeoutMs?: number,
  ): Promise<EventPayload<E>>;
  close(): Promise<void>;
}

/**
 * Starts the real core in this process, with a throw-away user-data folder. Only the transport is
 * skipped: calls go through the contract's dispatcher exactly as IPC and WebSocket requests do.
 */
export async function startTestCore(options: Partial<CoreOptions> = {}): Promise<TestCore> {
  const userDataDir = options.userDataDir ?? (await mkdtemp(join(tmpdir(), 'gitops-desktop-user-')));
  const core = await createCore({
    info: { name: 'GitOps Desktop', version: 'test', mode: 'browser', platform: process.platform },
    resourcesDir: resolve(import.meta.dirname, '../../resources'),
    tickSeconds: 0,
    ...options,
    userDataDir,
  });
  const dispatch = createDispatcher(core.handlers);
  const api: ApiClient = {
    async call(name, params) {
      const envelope = await dispatch(name, params);
      if (!envelope.ok)
        throw new ApiFailure(envelope.error.code, envelope.error.message, envelope.error.detail);
      return envelope.result as never;
    },
    on(name, listener) {
      return core.events.subscribe((n, payload) => {
        if (n === name) listener(payload as never);
      });
    },
  };
  return {
    core,
    api,
    userDataDir,
    waitForEvent(name, predicate = () => true, timeoutMs = 10_000) {
      return new Promise((resolveEvent, reject) => {
        const timer = setTimeout(() => {
          off();
          reject(new Error(`Timed out after ${timeoutMs} ms waiting for event ${name}`));
        }, timeoutMs);
        const off = api.on(name, (payload) => {
          if (!predicate(payload)) return;
          clearTimeout(timer);
          off();
          resolveEvent(payload);
        });
      });
    },
    async close() {
      await core.dispose();
      if (!options.userDataDir) await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Asserts that a call fails with an ApiFailure of the given code; returns it for message checks. */
export async function expectFailure(promise: Promise<unknown>, code: string): Promise<ApiFailure> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ApiFailure && err.code === code) return err;
    throw new Error(
      `Expected an ApiFailure "${code}", got: ${err instanceof ApiFailure ? `${err.code}: ${err.message}` : String(err)}`,
    );
  }
  throw new Error(`Expected an ApiFailure "${code}", but the call succeeded`);
}
