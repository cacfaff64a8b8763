import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { isIPv6 } from 'node:net';
import path from 'node:path';
import { parse } from 'yaml';
// Type-only: erased from the build, so it loads nothing (see the class comment for why).
import type { KubeConfig as ClientNodeKubeConfig } from '@kubernetes/client-node';
// Deep imports of client-node's own files, on purpose: these two import nothing but node:fs and
// node:child_process. The package has no "exports" map, so Node, Vite and electron-vite (which keeps
// the package external) resolve them like any file of it. They are internal paths: a client-node
// upgrade must re-run test/unit/core/cluster/kube-config.test.ts, which compares this class with
// client-node's KubeConfig.
import {
  newClusters,
  newContexts,
  newUsers,
  type Cluster,
  type Context,
  type User,
} from '@kubernetes/client-node/dist/config_types.js';
import { ExecAuth } from '@kubernetes/client-node/dist/exec_auth.js';

export type { Cluster, Context, User };

const SERVICEACCOUNT_ROOT = '/var/run/secrets/kubernetes.io/serviceaccount';

function fileExists(file: string, mode?: number): boolean {
  try {
    accessSync(file, mode);
    return true;
  } catch {
    return false;
  }
}

function absolute(root: string, file: string): string {
  return !root || path.isAbsolute(file) ? file : path.join(root, file);
}

function bufferFromFileOrString(file?: string | null, data?: string | null): Buffer | null {
  if (file) return readFileSync(file);
  if (data) return Buffer.from(data, 'base64');
  return null;
}

/**
 * The file's YAML. Errors say where, never what: the pretty form of yaml's errors and warnings (and
 * of js-yaml's, which client-node uses) quotes the offending line, which may hold a credential.
 */
function parseKubeconfig(text: string): Record<string, unknown> {
  try {
    // `merge`: YAML merge keys (<<), which js-yaml applies too.
    const obj: unknown = parse(text, { merge: true, prettyErrors: false, logLevel: 'error' });
    return obj && typeof obj === 'object' ? (obj as Record<string, unknown>) : {};
  } catch (err) {
    const at = (err as { pos?: [number, number] }).pos?.[0];
    const where = at === undefined ? '' : ` at line ${text.slice(0, at).split('\n').length}`;
    throw new Error(`${(err as Error).message}${where}`);
  }
}

/**
 * A user's `token-file` as a token-file auth provider, read when a request needs it (and re-read
 * each minute, as client-go does) rather than at load: client-node reads it while parsing, against
 * the working directory, so one missing token file made every context unreadable.
 */
function withTokenFilesDeferred(users: unknown): unknown {
  if (!Array.isArray(users)) return users;
  return users.map((entry: unknown) => {
    const user = (entry as { user?: Record<string, unknown> } | null)?.user;
    const file = user?.['token-file'];
    if (!user || typeof file !== 'string' || !file || user['auth-provider'] || user.exec) return entry;
    const { 'token-file': _file, token: _token, ...rest } = user;
    return {
      ...(entry as object),
      user: { ...rest, 'auth-provider': { name: 'tokenFile', config: { tokenFile: file } } },
    };
  });
}

function tokenFileOf(u: User): string | undefined {
  const file = (u.authProvider?.config as { tokenFile?: unknown } | undefined)?.tokenFile;
  return typeof file === 'string' && file ? file : undefined;
}

/**
 * Token files re-read after a minute, as client-go does, one cache entry per file (client-node's
 * FileAuth keeps one token per config, whichever user asked first), trimmed as kubectl trims them:
 * `kubectl create token … > file` ends the file with a newline, which is no valid header value.
 */
class TokenFiles {
  private readonly read = new Map<string, { token: string; at: number }>();

  token(file: string): string {
    const cached = this.read.get(file);
    if (cached && Date.now() - cached.at < 60_000) return cached.token;
    let token: string;
    try {
      token = readFileSync(file, 'utf8').trim();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw new Error(`Cannot read the kubeconfig user's token file ${file} (${code}).`);
    }
    this.read.set(file, { token, at: Date.now() });
    return token;
  }
}

/**
 * The kubeconfig, with the semantics of @kubernetes/client-node's KubeConfig (1.4) for what the core
 * uses: loading and merging files, the contexts, clusters and users, and `applyToHTTPSOptions`
 * (TLS material, tokens, token files, basic auth, exec credential plugins).
 *
 * Why not client-node's KubeConfig itself: its module (dist/config.js) statically imports the whole
 * generated API client (dist/gen) for `makeApiClient`, which the core never calls; loading it costs
 * some 70 MB of resident memory and a noticeable start-up time. So the core must never import a value
 * from '@kubernetes/client-node' statically (eslint enforces it; type imports are erased and fine).
 * The rare setups this class does not handle itself, auth providers azure, gcp and oidc and a
 * cluster's proxy-url, go to client-node's KubeConfig, imported on first need.
 *
 * Credentials stay in here and in the request options handed out; nothing of them is logged.
 */
export class KubeConfig {
  clusters: Cluster[] = [];
  contexts: Context[] = [];
  users: User[] = [];
  currentContext = '';
  // One per config, like client-node's: an exec plugin's token is cached until it expires, a token
  // file is re-read after a minute.
  private readonly execAuth = new ExecAuth();
  private readonly tokenFiles = new TokenFiles();
  private full: Promise<ClientNodeKubeConfig> | undefined;

  getContexts(): Context[] {
    return this.contexts;
  }

  getClusters(): Cluster[] {
    return this.clusters;
  }

  getUsers(): User[] {
    return this.users;
  }

  getCurrentContext(): string {
    return this.currentContext;
  }

  setCurrentContext(name: string): void {
    this.currentContext = name;
  }

  getContextObject(name: string): Context | null {
    return this.contexts.find((c) => c.name === name) ?? null;
  }

  getCluster(name: string): Cluster | null {
    return this.clusters.find((c) => c.name === name) ?? null;
  }

  getUser(name: string): User | null {
    return this.users.find((u) => u.name === name) ?? null;
  }

  getCurrentCluster(): Cluster | null {
    const ctx = this.getContextObject(this.currentContext);
    return ctx ? this.getCluster(ctx.cluster) : null;
  }

  getCurrentUser(): User | null {
    const ctx = this.getContextObject(this.currentContext);
    return ctx ? this.getUser(ctx.user) : null;
  }

  loadFromString(text: string): void {
    const obj = parseKubeconfig(text);
    this.clusters = newClusters(obj.clusters);
    this.contexts = newContexts(obj.contexts);
    this.users = newUsers(withTokenFilesDeferred(obj.users));
    this.currentContext = obj['current-context'] as string;
  }

  /**
   * Relative paths (certificates, keys, token files, an exec plugin given by a path) are relative
   * to the file's folder, as kubectl has them.
   */
  loadFromFile(file: string): void {
    const text = readFileSync(file, 'utf8');
    try {
      this.loadFromString(text);
    } catch (err) {
      throw new Error(`${file}: ${(err as Error).message}`);
    }
    this.makePathsAbsolute(path.dirname(file));
  }

  /**
   * Adds another config's entries. As kubectl merges KUBECONFIG's files, the first to define a name
   * wins (client-node throws instead, which would make a setup that works in kubectl unusable
   * here), and so does the first current context.
   */
  mergeConfig(other: KubeConfig): void {
    if (!this.currentContext && other.currentContext) this.currentContext = other.currentContext;
    this.clusters.push(...other.clusters.filter((c) => !this.getCluster(c.name)));
    this.users.push(...other.users.filter((u) => !this.getUser(u.name)));
    this.contexts.push(...other.contexts.filter((c) => !this.getContextObject(c.name)));
  }

  /**
   * Every file of KUBECONFIG merged as kubectl merges them (files that do not exist skipped, the
   * first definition of a name and the first current context kept); else ~/.kube/config; else (on
   * Windows) the one in WSL; else the pod's service account; else http://localhost:8080, as
   * client-node's `loadFromDefault` does.
   */
  loadFromDefault(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): void {
    if (env.KUBECONFIG) {
      const listed = env.KUBECONFIG.split(platform === 'win32' ? ';' : ':').filter(Boolean);
      const files = listed.filter((f, i) => listed.indexOf(f) === i && fileExists(f));
      if (files.length === 0) {
        throw new Error(`none of the files in KUBECONFIG exists (${listed.join(', ')})`);
      }
      this.loadFromFile(files[0]!);
      for (const file of files.slice(1)) {
        const more = new KubeConfig();
        more.loadFromFile(file);
        this.mergeConfig(more);
      }
      return;
    }
    const home = findHomeDir(env, platform);
    if (home) {
      const config = path.join(home, '.kube', 'config');
      if (fileExists(config)) {
        this.loadFromFile(config);
        return;
      }
    }
    if (platform === 'win32' && this.loadFromWsl()) return;
    if (fileExists(`${SERVICEACCOUNT_ROOT}/token`)) {
      this.loadFromCluster(env);
      return;
    }
    this.clusters = [{ name: 'cluster', server: 'http://localhost:8080' } as Cluster];
    this.users = [{ name: 'user' }];
    this.contexts = [{ name: 'loaded-context', cluster: 'cluster', user: 'user' }];
    this.currentContext = 'loaded-context';
  }

  private loadFromWsl(): boolean {
    try {
      const env = spawnSync('wsl.exe', ['bash', '-c', 'printenv KUBECONFIG']);
      if (env.status === 0 && env.stdout.length > 0) {
        const result = spawnSync('wsl.exe', ['cat', env.stdout.toString('utf8')]);
        if (result.status === 0) {
          this.loadFromString(result.stdout.toString('utf8'));
          return true;
        }
      }
    } catch {
      // On to the default kubeconfig in WSL.
    }
    try {
      const config = spawnSync('wsl.exe', ['cat', '~/.kube/config']);
      if (config.status === 0) {
        this.loadFromString(config.stdout.toString('utf8'));
        const dir = spawnSync('wsl.exe', ['wslpath', '-w', '~/.kube']);
        if (dir.status === 0) this.makePathsAbsolute(dir.stdout.toString('utf8'));
        return true;
      }
    } catch {
      // No WSL.
    }
    return false;
  }

  private loadFromCluster(env: NodeJS.ProcessEnv): void {
    const host = env.KUBERNETES_SERVICE_HOST;
    const port = env.KUBERNETES_SERVICE_PORT;
    const scheme = port === '80' || port === '8080' || port === '8001' ? 'http' : 'https';
    const serverHost = host && isIPv6(host) ? `[${host}]` : host;
    const namespaceFile = `${SERVICEACCOUNT_ROOT}/namespace`;
    this.clusters = [
      {
        name: 'inCluster',
        caFile: `${SERVICEACCOUNT_ROOT}/ca.crt`,
        server: `${scheme}://${serverHost}:${port}`,
        skipTLSVerify: false,
      },
    ];
    this.users = [
      {
        name: 'inClusterUser',
        authProvider: { name: 'tokenFile', config: { tokenFile: `${SERVICEACCOUNT_ROOT}/token` } },
      },
    ];
    this.contexts = [
      {
        cluster: 'inCluster',
        name: 'inClusterContext',
        user: 'inClusterUser',
        namespace: fileExists(namespaceFile) ? readFileSync(namespaceFile, 'utf8') : undefined,
      } as Context,
    ];
    this.currentContext = 'inClusterContext';
  }

  private makePathsAbsolute(root: string): void {
    for (const c of this.clusters) {
      if (c.caFile) c.caFile = absolute(root, c.caFile);
    }
    for (const u of this.users) {
      if (u.certFile) u.certFile = absolute(root, u.certFile);
      if (u.keyFile) u.keyFile = absolute(root, u.keyFile);
      const tokenFile = tokenFileOf(u);
      if (tokenFile) (u.authProvider.config as { tokenFile: string }).tokenFile = absolute(root, tokenFile);
      // A bare command is looked up on PATH; one given as a path is the file's, as in client-go.
      const exec = u.exec as { command?: unknown } | undefined;
      if (typeof exec?.command === 'string' && /[\\/]/.test(exec.command)) {
        exec.command = absolute(root, exec.command);
      }
    }
  }

  /**
   * Sets up `opts` for a request to the current context's server: CA, client certificate and key,
   * TLS checks, the Authorization header (running an exec plugin or reading a token file when the
   * user has one), basic auth, and a fresh agent carrying the TLS options.
   */
  async applyToHTTPSOptions(opts: https.RequestOptions): Promise<void> {
    const user = this.getCurrentUser();
    const cluster = this.getCurrentCluster();
    const provider = user?.authProvider?.name as string | undefined;
    const auth = !user
      ? undefined
      : provider === 'azure' || provider === 'gcp'
        ? 'client-node'
        : this.execAuth.isAuthProvider(user)
          ? this.execAuth
          : tokenFileOf(user)
            ? 'token-file'
            : provider === 'oidc'
              ? 'client-node'
              : undefined;
    if (auth === 'client-node' || cluster?.proxyUrl) {
      await this.clientNode().then((kc) => kc.applyToHTTPSOptions(opts));
      return;
    }
    if (user) {
      if (cluster?.skipTLSVerify) opts.rejectUnauthorized = false;
      if (cluster?.tlsServerName) opts.servername = cluster.tlsServerName;
      const ca = cluster ? bufferFromFileOrString(cluster.caFile, cluster.caData) : null;
      if (ca) opts.ca = ca;
      const cert = bufferFromFileOrString(user.certFile, user.certData);
      if (cert) opts.cert = cert;
      const key = bufferFromFileOrString(user.keyFile, user.keyData);
      if (key) opts.key = key;
      opts.headers ??= {};
      const headers = opts.headers as http.OutgoingHttpHeaders;
      if (user.impersonateUser != null) headers['Impersonate-User'] = user.impersonateUser;
      if (auth === 'token-file')
        headers.Authorization = `Bearer ${this.tokenFiles.token(tokenFileOf(user)!)}`;
      else if (auth) await auth.applyAuthentication(user, opts);
      if (user.token) headers.Authorization = `Bearer ${user.token}`;
      if (user.username) opts.auth = `${user.username}:${user.password}`;
    }
    const agentOptions: https.AgentOptions = {
      ca: opts.ca,
      cert: opts.cert,
      key: opts.key,
      pfx: opts.pfx,
      passphrase: opts.passphrase,
      ...(opts.rejectUnauthorized !== undefined ? { rejectUnauthorized: opts.rejectUnauthorized } : {}),
      timeout: opts.timeout,
      servername: opts.servername,
      ciphers: opts.ciphers,
      honorCipherOrder: opts.honorCipherOrder,
      ecdhCurve: opts.ecdhCurve,
      clientCertEngine: opts.clientCertEngine,
      crl: opts.crl,
      dhparam: opts.dhparam,
      secureOptions: opts.secureOptions,
      secureProtocol: opts.secureProtocol,
      sessionIdContext: opts.sessionIdContext,
    };
    if (cluster?.server?.startsWith('http:')) {
      if (!cluster.skipTLSVerify)
        throw new Error('HTTP protocol is not allowed when skipTLSVerify is not set or false');
      opts.agent = new http.Agent(agentOptions);
    } else {
      opts.agent = new https.Agent(agentOptions);
    }
  }

  /** client-node's KubeConfig over the same entries; one per config, so its token caches last. */
  private async clientNode(): Promise<ClientNodeKubeConfig> {
    this.full ??= import('@kubernetes/client-node').then(({ KubeConfig: Full }) => new Full());
    const kc = await this.full;
    kc.loadFromOptions({
      clusters: this.clusters,
      contexts: this.contexts,
      users: this.users,
      currentContext: this.currentContext,
    });
    return kc;
  }
}

/** Where ~/.kube lives: client-node's (and client-go's) rules, Windows' several variables included. */
export function findHomeDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | null {
  if (platform !== 'win32') return env.HOME && fileExists(env.HOME) ? env.HOME : null;
  const homeDrivePath = env.HOMEDRIVE && env.HOMEPATH ? path.join(env.HOMEDRIVE, env.HOMEPATH) : '';
  const distinct = (dirs: string[]) => dirs.filter((d, i) => d && dirs.indexOf(d) === i);
  const favourHomeDrivePath = distinct([env.HOME ?? '', homeDrivePath, env.USERPROFILE ?? '']);
  const favourUserProfile = distinct([env.HOME ?? '', env.USERPROFILE ?? '', homeDrivePath]);
  return (
    favourHomeDrivePath.find((d) => fileExists(path.join(d, '.kube', 'config'))) ??
    favourUserProfile.find((d) => fileExists(d, constants.W_OK)) ??
    favourUserProfile.find((d) => fileExists(d)) ??
    favourUserProfile[0] ??
    null
  );
}
