import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore } from '../compose';
import { createDispatcher } from '../api/dispatcher';
import { randomSecret } from './auth';
import { removeControlFile, requestNewUrl, writeControlFile } from './control-file';
import { installLastResortHandlers } from './last-resort';
import { startWebServer } from './web-server';
import { parseServeArgs } from './serve-args';
import { readPackageVersion } from './package-version';

// Browser mode entry (`npm run web`, `gitops-desktop-serve`): the same core as the desktop app,
// served to a local browser.
const here = dirname(fileURLToPath(import.meta.url));
const appRoot = resolve(here, '../..');

async function main(): Promise<void> {
  const args = parseServeArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(
      'Usage: gitops-desktop-serve [--port N] [--user-data-dir DIR]\n' +
        '       gitops-desktop-serve --new-url [--user-data-dir DIR]   a fresh sign-in URL for the running server\n',
    );
    return;
  }
  const userDataDir =
    args.userDataDir ?? join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'gitops-desktop');
  if (args.newUrl) {
    process.stdout.write(`Open: ${await requestNewUrl(userDataDir)}\n`);
    return;
  }
  const log = (message: string) => console.error(`[browser mode] ${message}`);
  installLastResortHandlers(log);
  const core = await createCore({
    info: {
      name: 'GitOps Desktop',
      version: await readPackageVersion(appRoot),
      mode: 'browser',
      platform: process.platform,
    },
    userDataDir,
    resourcesDir: join(appRoot, 'resources'),
  });
  const controlSecret = randomSecret();
  const server = await startWebServer({
    dispatch: createDispatcher(core.handlers, (name, err) => console.error(`[${name}]`, err)),
    events: core.events,
    staticDir: join(appRoot, 'out/renderer'),
    port: args.port,
    controlSecret,
    log,
  });
  const control = { port: server.port, secret: controlSecret, pid: process.pid };
  await writeControlFile(userDataDir, control);
  process.stdout.write(
    `GitOps Desktop is running in browser mode.\nOpen: ${server.url}\n` +
      'The link signs in once. For another one: npm run web -- --new-url\n',
  );
  const stop = async () => {
    await removeControlFile(userDataDir, control).catch(() => {});
    await server.close();
    await core.dispose();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  console.error(`gitops-desktop-serve: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
