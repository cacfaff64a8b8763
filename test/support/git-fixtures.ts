import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface GitIdentityFixture {
  name: string;
  email: string;
}

/**
 * A throw-away HOME with its own global git config, so neither the git CLI nor the core ever
 * reads the developer's real ~/.gitconfig.
 */
export interface Sandbox {
  root: string;
  home: string;
  /** Env for the git CLI and for createCore({ env }). */
  env: NodeJS.ProcessEnv;
  git(cwd: string, ...args: string[]): Promise<string>;
  /** A new folder inside the sandbox. */
  dir(name: string): Promise<string>;
  cleanup(): Promise<void>;
}

export async function createSandbox(
  identity: GitIdentityFixture | null = { name: 'Global Tester', email: 'global@example.test' },
): Promise<Sandbox> {
  const root = await mkdtemp(join(tmpdir(), 'gitops-desktop-git-'));
  const home = join(root, 'home');
  await mkdir(join(home, '.config'), { recursive: true });
  if (identity)
    await writeFile(
      join(home, '.gitconfig'),
      `[user]\n\tname = ${identity.name}\n\temail = ${identity.email}\n`,
    );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
  };
  for (const key of Object.keys(env)) {
    if (/^GIT_(AUTHOR|COMMITTER|DIR|WORK_TREE|INDEX_FILE)/.test(key)) delete env[key];
  }
  return {
    root,
    home,
    env,
    async git(cwd, ...args) {
      // Commits made by the CLI always need an identity, even in sandboxes that test its absence.
      const who = ['-c', 'user.name=Fixture', '-c', 'user.email=fixture@example.test'];
      const { stdout } = await run('git', [...(identity ? [] : who), ...args], {
        cwd,
        env,
        maxBuffer: 64 * 1024 * 1024,
      });
      return stdout.trim();
    },
    async dir(name) {
      const path = join(root, name);
      await mkdir(path, { recursive: true });
      return path;
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
}

/** `git init -b main`, the files, one commit: a repository made only with the real git CLI. */
export async function createRepo(
  sandbox: Sandbox,
  name: string,
  files: Record<string, string>,
  message = 'Initial manifests',
): Promise<string> {
  const dir = await sandbox.dir(name);
  await sandbox.git(dir, 'init', '-q', '-b', 'main');
  await writeFiles(dir, files);
  await sandbox.git(dir, 'add', '-A');
  await sandbox.git(dir, 'commit', '-q', '-m', message);
  return dir;
}

export async function commitAll(
  sandbox: Sandbox,
  dir: string,
  files: Record<string, string>,
  message: string,
): Promise<string> {
  await writeFiles(dir, files);
  await sandbox.git(dir, 'add', '-A');
  await sandbox.git(dir, 'commit', '-q', '-m', message);
  return sandbox.git(dir, 'rev-parse', 'HEAD');
}

export function configMap(
  name: string,
  data: Record<string, string> = { key: 'value' },
  namespace?: string,
): string {
  const ns = namespace ? `  namespace: ${namespace}\n` : '';
  const body = Object.entries(data)
    .map(([k, v]) => `  ${k}: "${v}"`)
    .join('\n');
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${ns}data:\n${body}\n`;
}

export interface GitHttpServer {
  /** Base URL; a bare repository `<root>/x.git` is at `${url}/x.git`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the bare repositories under `projectRoot` over smart HTTP with the real
 * `git http-backend` (CGI), on 127.0.0.1 only: isomorphic-git speaks HTTP, not local paths.
 */
export async function startGitHttpServer(
  sandbox: Sandbox,
  projectRoot: string,
  options: { token?: string } = {},
): Promise<GitHttpServer> {
  const server: Server = createServer((req, res) => {
    if (options.token) {
      const [scheme, encoded] = (req.headers.authorization ?? '').split(' ');
      const password =
        scheme === 'Basic' && encoded
          ? Buffer.from(encoded, 'base64').toString('utf8').split(':').slice(1).join(':')
          : '';
      if (password !== options.token) {
        res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' });
        res.end();
        return;
      }
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const child = spawn('git', ['http-backend'], {
      env: {
        ...sandbox.env,
        GIT_PROJECT_ROOT: projectRoot,
        GIT_HTTP_EXPORT_ALL: '1',
        REMOTE_USER: 'tester',
        REMOTE_ADDR: '127.0.0.1',
        REQUEST_METHOD: req.method ?? 'GET',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        ...(req.headers['content-encoding']
          ? { HTTP_CONTENT_ENCODING: String(req.headers['content-encoding']) }
          : {}),
        ...(req.headers['git-protocol'] ? { GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
      },
    });
    req.pipe(child.stdin);
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.on('close', () => {
      const out = Buffer.concat(chunks);
      const split = out.indexOf('\r\n\r\n');
      const headerText = out.subarray(0, split === -1 ? 0 : split).toString('latin1');
      const body = split === -1 ? out : out.subarray(split + 4);
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of headerText.split('\r\n')) {
        const colon = line.indexOf(':');
        if (colon === -1) continue;
        const key = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (key.toLowerCase() === 'status') status = Number.parseInt(value, 10);
        else headers[key] = value;
      }
      res.writeHead(status, headers);
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
