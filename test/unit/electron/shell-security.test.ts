import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// No Electron binary runs here: the shell's modules are loaded against a stand-in `electron`
// module that records what they ask of it, and the security settings are read off those records.
const stub = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => unknown;
  const state = {
    windows: [] as { options: Record<string, unknown>; contents: Record<string, unknown> }[],
    ipcHandlers: new Map<string, Listener>(),
    exposed: new Map<string, unknown>(),
    invoked: [] as string[],
    opened: [] as string[],
    backend: 'gnome_libsecret',
    encryption: true,
  };
  class BrowserWindow {
    webContents: {
      listeners: Map<string, Listener>;
      openHandler?: Listener;
      loaded?: string;
      on(event: string, fn: Listener): void;
      setWindowOpenHandler(fn: Listener): void;
    };
    constructor(public options: Record<string, unknown>) {
      const contents = {
        listeners: new Map<string, Listener>(),
        openHandler: undefined as Listener | undefined,
        loaded: undefined as string | undefined,
        on(event: string, fn: Listener) {
          this.listeners.set(event, fn);
        },
        setWindowOpenHandler(fn: Listener) {
          this.openHandler = fn;
        },
      };
      this.webContents = contents;
      state.windows.push({ options, contents });
    }
    once() {}
    loadURL(url: string) {
      this.webContents.loaded = url;
      return Promise.resolve();
    }
  }
  const electron = {
    BrowserWindow,
    nativeTheme: { shouldUseDarkColors: false },
    shell: { openExternal: (url: string) => (state.opened.push(url), Promise.resolve()) },
    ipcMain: {
      handle: (channel: string, fn: Listener) => state.ipcHandlers.set(channel, fn),
      removeHandler: (channel: string) => state.ipcHandlers.delete(channel),
    },
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => state.exposed.set(key, api) },
    ipcRenderer: {
      invoke: (channel: string) => (state.invoked.push(channel), Promise.resolve({ ok: true, result: 1 })),
      on() {},
      removeListener() {},
    },
    safeStorage: {
      isEncryptionAvailable: () => state.encryption,
      getSelectedStorageBackend: () => state.backend,
      encryptString: (s: string) => Buffer.from(`enc:${s}`),
      decryptString: (b: Buffer) => b.toString().replace(/^enc:/, ''),
    },
    protocol: { registerSchemesAsPrivileged() {}, handle() {} },
    net: { fetch() {} },
  };
  return { state, electron };
});

vi.mock('electron', () => ({ ...stub.electron, default: stub.electron }));

const { createMainWindow, hardenSession } = await import('../../../src-main/electron/window');
const { registerIpcTransport } = await import('../../../src-main/electron/ipc-transport');
const { rendererUrlFor, trustedUrlCheck } = await import('../../../src-main/electron/renderer-url');
const { SafeStorageSecretStore } = await import('../../../src-main/electron/safe-storage-secret-store');
const { EventHub } = await import('../../../src-main/api/event-hub');

const rendererUrl = 'app://gitops-desktop/index.html';
const isTrustedUrl = trustedUrlCheck(rendererUrl);

describe('Electron window', () => {
  it('has an isolated, sandboxed renderer without Node and with web security', () => {
    createMainWindow({ preloadPath: '/app/out/preload/index.cjs', url: rendererUrl, isTrustedUrl });
    const { options, contents } = stub.state.windows.at(-1)!;
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(options.webPreferences).not.toHaveProperty('nodeIntegrationInSubFrames', true);
    expect(options.webPreferences).not.toHaveProperty('nodeIntegrationInWorker', true);
    expect(contents.loaded).toBe(rendererUrl);
  });

  it('stays on its own origin, opens no windows and lets only allow-listed links out', () => {
    createMainWindow({ preloadPath: '/p', url: rendererUrl, isTrustedUrl });
    const contents = stub.state.windows.at(-1)!.contents as {
      listeners: Map<string, (...args: unknown[]) => unknown>;
      openHandler: (details: { url: string }) => { action: string };
    };
    const navigate = (url: string) => {
      const event = {
        prevented: false,
        preventDefault() {
          this.prevented = true;
        },
      };
      contents.listeners.get('will-navigate')!(event, url);
      return event.prevented;
    };
    expect(navigate('https://evil.example/')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate('data:text/html,<script>1</script>')).toBe(true);
    expect(navigate('app://other-host/index.html')).toBe(true);
    expect(navigate('app://gitops-desktop/index.html#x')).toBe(false);

    expect(contents.openHandler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler({ url: 'https://kubernetes.io/docs/' })).toEqual({ action: 'deny' });
    expect(stub.state.opened).toEqual(['https://kubernetes.io/docs/']);

    const attach = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    contents.listeners.get('will-attach-webview')!(attach);
    expect(attach.prevented).toBe(true);
  });

  it('refuses every permission request and check', () => {
    let requestHandler: ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void) | undefined;
    let checkHandler: ((...args: unknown[]) => boolean) | undefined;
    hardenSession({
      setPermissionRequestHandler: (fn: typeof requestHandler) => (requestHandler = fn),
      setPermissionCheckHandler: (fn: typeof checkHandler) => (checkHandler = fn),
    } as never);
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation']) {
      const answer = vi.fn();
      requestHandler!({}, permission, answer);
      expect(answer).toHaveBeenCalledWith(false);
      expect(checkHandler!({}, permission, 'app://gitops-desktop')).toBe(false);
    }
  });
});

describe('IPC transport', () => {
  beforeEach(() => stub.state.ipcHandlers.clear());

  it('serves only the main frame of the trusted origin', async () => {
    const dispatch = vi.fn(async () => ({ ok: true as const, result: 'pong' }));
    registerIpcTransport(dispatch, new EventHub(), isTrustedUrl);
    const handler = stub.state.ipcHandlers.get('api:system.ping')!;
    expect(handler).toBeDefined();
    const mainFrame = { url: 'app://gitops-desktop/index.html' };
    const call = (senderFrame: unknown, frames = { mainFrame }) =>
      handler({ senderFrame, sender: frames }, { message: 'x' }) as Promise<unknown>;

    expect(await call(mainFrame)).toEqual({ ok: true, result: 'pong' });
    const forbidden = { ok: false, error: { code: 'forbidden' } };
    expect(await call({ url: 'app://gitops-desktop/index.html' })).toMatchObject(forbidden); // an iframe
    const elsewhere = { url: 'https://evil.example/' };
    expect(await call(elsewhere, { mainFrame: elsewhere })).toMatchObject(forbidden);
    expect(await call(null)).toMatchObject(forbidden);
    // Node gives app:, file: and data: URLs the same opaque origin; none of them passes for ours.
    for (const url of ['file:///tmp/x.html', 'data:text/html,x', 'app://other/index.html']) {
      const frame = { url };
      expect(await call(frame, { mainFrame: frame })).toMatchObject(forbidden);
    }
    expect(dispatch).toHaveBeenCalledTimes(1);
  });
});

describe('renderer URL', () => {
  it('honours ELECTRON_RENDERER_URL only when not packaged', () => {
    const env = { ELECTRON_RENDERER_URL: 'https://evil.example/' };
    expect(rendererUrlFor(true, env)).toBe(rendererUrl);
    expect(rendererUrlFor(false, { ELECTRON_RENDERER_URL: 'http://localhost:5173/' })).toBe(
      'http://localhost:5173/',
    );
    expect(rendererUrlFor(false, {})).toBe(rendererUrl);
    expect(trustedUrlCheck(rendererUrlFor(true, env))('https://evil.example/')).toBe(false);
  });
});

describe('preload bridge', () => {
  it('exposes exactly invoke and on, for contract names only', async () => {
    await import('../../../src-main/electron/preload');
    const bridge = stub.state.exposed.get('gitopsDesktop') as Record<string, (...args: unknown[]) => unknown>;
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    expect(await bridge.invoke!('system.ping', {})).toEqual({ ok: true, result: 1 });
    expect(await bridge.invoke!('constructor', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown-request' },
    });
    expect(stub.state.invoked).toEqual(['api:system.ping']);
  });
});

describe('safeStorage secret store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gd-secrets-'));
  });
  afterEach(async () => {
    stub.state.backend = 'gnome_libsecret';
    stub.state.encryption = true;
    await rm(dir, { recursive: true, force: true });
  });

  it.runIf(process.platform === 'linux')(
    'treats the basic_text backend as no encryption: memory only, and says so once',
    async () => {
      stub.state.backend = 'basic_text';
      const notices: string[] = [];
      const store = new SafeStorageSecretStore(dir, (m) => notices.push(m));
      expect(store.persistent).toBe(false);
      await store.set('app-1', 'ghp_secret');
      await store.set('app-2', 'ghp_other');
      expect(await store.get('app-1')).toBe('ghp_secret');
      expect(await readdir(dir)).toEqual([]);
      expect(notices).toHaveLength(1);
      expect(notices[0]).toContain('memory');
    },
  );

  it('writes only ciphertext when a real keyring is there', async () => {
    const store = new SafeStorageSecretStore(dir);
    expect(store.persistent).toBe(true);
    await store.set('app-1', 'ghp_secret');
    expect(await readdir(dir)).toEqual(['secrets.json']);
    expect(await store.get('app-1')).toBe('ghp_secret');
  });
});
