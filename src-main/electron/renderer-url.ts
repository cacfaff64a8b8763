import { rendererOrigin } from './renderer-protocol';

/**
 * The URL the window loads, which is also the one origin IPC trusts. ELECTRON_RENDERER_URL (the
 * dev server of `electron-vite dev`) counts only in a development run: in a packaged app an
 * environment variable must not be able to make any page the trusted IPC origin.
 */
export function rendererUrlFor(isPackaged: boolean, env: NodeJS.ProcessEnv): string {
  const dev = isPackaged ? undefined : env.ELECTRON_RENDERER_URL;
  return dev || `${rendererOrigin}/index.html`;
}

/**
 * True for URLs of the renderer's own origin (navigation and IPC sender checks). Compares scheme
 * and host rather than `URL.origin`: Node gives every non-special scheme (app:, file:, data:)
 * the same opaque origin "null", which would make them all equal.
 */
export function trustedUrlCheck(rendererUrl: string): (url: string) => boolean {
  const base = new URL(rendererUrl);
  return (url) => {
    try {
      const candidate = new URL(url);
      return candidate.protocol === base.protocol && candidate.host === base.host && base.host !== '';
    } catch {
      return false;
    }
  };
}
