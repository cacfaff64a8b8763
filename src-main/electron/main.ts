import { app, BrowserWindow, dialog, session } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core } from '../compose';
import { createDispatcher } from '../api/dispatcher';
import { forwardEvents, registerIpcTransport } from './ipc-transport';
import { registerRendererScheme, serveRenderer } from './renderer-protocol';
import { rendererUrlFor, trustedUrlCheck } from './renderer-url';
import { SafeStorageSecretStore } from './safe-storage-secret-store';
import { createMainWindow, hardenSession, preloadPath } from './window';

// The thin desktop shell: everything it shows comes from the same core and contract as browser
// mode; this file only wires the window, IPC and native dialogs.
const mainDir = dirname(fileURLToPath(import.meta.url));
const appRoot = join(mainDir, '../..');
const rendererUrl = rendererUrlFor(app.isPackaged, process.env);
const isTrustedUrl = trustedUrlCheck(rendererUrl);

registerRendererScheme();
app.enableSandbox();

let core: Core | null = null;

async function start(): Promise<void> {
  await app.whenReady();
  serveRenderer(join(mainDir, '../renderer'));
  hardenSession(session.defaultSession);

  core = await createCore({
    info: { name: 'GitOps Desktop', version: app.getVersion(), mode: 'electron', platform: process.platform },
    userDataDir: app.getPath('userData'),
    resourcesDir: app.isPackaged ? join(process.resourcesPath, 'resources') : join(appRoot, 'resources'),
    secretStore: new SafeStorageSecretStore(app.getPath('userData'), (message) =>
      core?.events.emit('notice', { level: 'warning', message }),
    ),
    pickFolder: async () => {
      const window = BrowserWindow.getFocusedWindow();
      const options = {
        properties: ['openDirectory' as const],
        title: 'Open a repository of Kubernetes manifests',
      };
      const result = window
        ? await dialog.showOpenDialog(window, options)
        : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
  });
  registerIpcTransport(
    createDispatcher(core.handlers, (name, err) => console.error(`[${name}]`, err)),
    core.events,
    isTrustedUrl,
  );

  const open = () => {
    const window = createMainWindow({ preloadPath: preloadPath(mainDir), url: rendererUrl, isTrustedUrl });
    if (core) forwardEvents(core.events, window.webContents);
  };
  open();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open();
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
app.on('will-quit', () => void core?.dispose());

start().catch((err: unknown) => {
  dialog.showErrorBox('GitOps Desktop could not start', err instanceof Error ? err.message : String(err));
  app.exit(1);
});
