import { BrowserWindow, nativeTheme, shell, type Session } from 'electron';
import { join } from 'node:path';

const externalAllowList = [
  /^https:\/\/kubernetes\.io\//,
  /^https:\/\/github\.com\//,
  /^https:\/\/argo-cd\.readthedocs\.io\//,
];

export interface WindowOptions {
  preloadPath: string;
  url: string;
  isTrustedUrl: (url: string) => boolean;
  iconPath?: string;
}

export function createMainWindow(options: WindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 900,
    minHeight: 560,
    title: 'GitOps Desktop',
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1e1e1e' : '#ffffff',
    ...(options.iconPath ? { icon: options.iconPath } : {}),
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());

  // No navigation away from the app, no new windows; allow-listed links open in the browser.
  window.webContents.on('will-navigate', (event, url) => {
    if (!options.isTrustedUrl(url)) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (externalAllowList.some((re) => re.test(url))) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  void window.loadURL(options.url);
  return window;
}

export function preloadPath(mainDir: string): string {
  return join(mainDir, '../preload/index.cjs');
}

/** Permissions (camera, notifications, clipboard...) are never needed by this app: all refused. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
