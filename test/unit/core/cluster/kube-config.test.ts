// client-node's own KubeConfig is the reference here: ours must read the same files the same way.
import { KubeConfig as Reference } from '@kubernetes/client-node';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import type http from 'node:http';
import type https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KubeConfig } from '../../../../src-main/core/cluster/kube-config';
import { configForContext, loadKubeConfig } from '../../../../src-main/core/cluster/kubeconfig';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kube-config-'));
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** An unsigned JWT that expires in a day: enough for client-node's oidc provider to send it as is. */
const idToken = [
  b64(JSON.stringify({ alg: 'none' })),
  b64(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + 86_400 })),
  'sig',
].join('.');

/** Files for the first kubeconfig, relative paths included, and an exec plugin run by this Node. */
async function writeMain(): Promise<string> {
  await mkdir(join(dir, 'a', 'certs'), { recursive: true });
  await writeFile(join(dir, 'a', 'ca.crt'), 'CA FROM FILE');
  await writeFile(join(dir, 'a', 'certs', 'client.crt'), 'CERT FROM FILE');
  await writeFile(join(dir, 'a', 'certs', 'client.key'), 'KEY FROM FILE');
  await writeFile(join(dir, 'token'), 'token-from-token-file');
  await writeFile(join(dir, 'provider-token'), 'token-from-provider-file');
  await writeFile(
    join(dir, 'plugin.mjs'),
    `process.stdout.write(JSON.stringify({
  apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential',
  status: {
    token: 'exec-token-' + (process.env.PLUGIN_FLAVOUR ?? 'plain') + '-' + (process.env.PATH ?? ''),
    expirationTimestamp: '2999-01-01T00:00:00Z',
    ...(process.argv[2] === 'cert' ? { clientCertificateData: 'EXEC CERT', clientKeyData: 'EXEC KEY' } : {}),
  },
}));`,
  );
  const file = join(dir, 'a', 'config');
  await writeFile(
    file,
    `apiVersion: v1
kind: Config
clusters:
- name: ca-data
  cluster:
    server: https://10.0.0.1:6443/
    certificate-authority-data: ${b64('CA FROM DATA')}
- name: ca-file
  cluster:
    server: https://10.0.0.2:6443
    certificate-authority: ca.crt
    tls-server-name: api.internal
- name: insecure
  cluster:
    server: https://10.0.0.3:6443
    insecure-skip-tls-verify: true
- name: plain-http
  cluster:
    server: http://10.0.0.4:8080
    insecure-skip-tls-verify: true
- name: plain-http-checked
  cluster:
    server: http://10.0.0.5:8080
- name: proxied
  cluster:
    server: https://10.0.0.6:6443
    proxy-url: http://127.0.0.1:3128
users:
- name: cert-data
  user:
    client-certificate-data: ${b64('CERT FROM DATA')}
    client-key-data: ${b64('KEY FROM DATA')}
- name: cert-file
  user:
    client-certificate: certs/client.crt
    client-key: certs/client.key
- name: token
  user:
    token: plain-token
    as: someone-else
- name: token-file
  user:
    token-file: ${join(dir, 'token')}
- name: provider-token-file
  user:
    auth-provider:
      name: tokenFile
      config:
        tokenFile: ${join(dir, 'provider-token')}
- name: basic
  user:
    username: admin
    password: secret
- name: exec
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ${process.execPath}
      args: [${join(dir, 'plugin.mjs')}]
      env:
      - name: PLUGIN_FLAVOUR
        value: flavoured
- name: exec-cert
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ${process.execPath}
      args: [${join(dir, 'plugin.mjs')}, cert]
- name: oidc
  user:
    auth-provider:
      name: oidc
      config:
        client-id: desktop
        id-token: ${idToken}
contexts:
- name: ca-data/cert-data
  context: { cluster: ca-data, user: cert-data, namespace: apps }
- name: ca-file/cert-file
  context: { cluster: ca-file, user: cert-file }
- name: insecure/token
  context: { cluster: insecure, user: token }
- name: ca-data/token-file
  context: { cluster: ca-data, user: token-file }
- name: ca-data/provider-token-file
  context: { cluster: ca-data, user: provider-token-file }
- name: plain-http/basic
  context: { cluster: plain-http, user: basic }
- name: plain-http-checked/basic
  context: { cluster: plain-http-checked, user: basic }
- name: ca-data/exec
  context: { cluster: ca-data, user: exec }
- name: ca-file/exec-cert
  context: { cluster: ca-file, user: exec-cert }
- name: ca-data/oidc
  context: { cluster: ca-data, user: oidc }
- name: ca-data/nobody
  context: { cluster: ca-data, user: nobody }
- name: proxied/token
  context: { cluster: proxied, user: token }
current-context: ca-data/cert-data
`,
  );
  return file;
}

/** A second file: its current context must not win, its entries come after the first's. */
async function writeSecond(extra = ''): Promise<string> {
  await mkdir(join(dir, 'b'), { recursive: true });
  await writeFile(join(dir, 'b', 'ca.crt'), 'OTHER CA');
  const file = join(dir, 'b', 'config');
  await writeFile(
    file,
    `apiVersion: v1
kind: Config
clusters:
- name: other
  cluster: { server: 'https://10.0.1.1:6443', certificate-authority: ca.crt }
users:
- name: other
  user: { token: other-token }
contexts:
- name: other
  context: { cluster: other, user: other }
${extra}current-context: other
`,
  );
  return file;
}

/** What applyToHTTPSOptions made of fresh options, or the error it threw; the agent by its options. */
async function applied(kc: { applyToHTTPSOptions(o: https.RequestOptions): Promise<void> }) {
  const opts: https.RequestOptions = { method: 'GET', headers: { Accept: 'application/json' } };
  try {
    await kc.applyToHTTPSOptions(opts);
  } catch (err) {
    return { error: (err as Error).message };
  }
  const { agent, ...rest } = opts;
  const a = agent as (http.Agent & { options: Record<string, unknown> }) | undefined;
  const result = { ...rest, agent: a && { kind: a.constructor.name, options: a.options } };
  a?.destroy();
  return result;
}

describe('KubeConfig', () => {
  it('reads KUBECONFIG files as client-node does: entries merged in order, the first current context', async () => {
    const files = [await writeMain(), await writeSecond()];
    vi.stubEnv('KUBECONFIG', files.join(':'));
    const ours = new KubeConfig();
    ours.loadFromDefault({ KUBECONFIG: files.join(':') }, 'linux');
    const ref = new Reference();
    ref.loadFromDefault(undefined, true);

    expect(ours.getContexts()).toEqual(ref.getContexts());
    expect(ours.getClusters()).toEqual(ref.getClusters());
    // Except a token-file user: client-node reads the file at load, ours when a request needs it.
    const others = (users: { name: string }[]) => users.filter((u) => u.name !== 'token-file');
    expect(others(ours.getUsers())).toEqual(others(ref.getUsers()));
    expect(ours.getUser('token-file')?.authProvider).toEqual({
      name: 'tokenFile',
      config: { tokenFile: join(dir, 'token') },
    });
    expect(ours.getCurrentContext()).toBe('ca-data/cert-data');
    expect(ours.getCurrentContext()).toBe(ref.getCurrentContext());
    // Relative paths are the kubeconfig's folder's.
    expect(ours.getCluster('ca-file')?.caFile).toBe(join(dir, 'a', 'ca.crt'));
    expect(ours.getCluster('other')?.caFile).toBe(join(dir, 'b', 'ca.crt'));
    expect(ours.getUser('cert-file')?.keyFile).toBe(join(dir, 'a', 'certs', 'client.key'));
    expect(ours.getCluster('ca-data')?.server).toBe('https://10.0.0.1:6443');
  });

  it('gives every kind of context the same request options as client-node', async () => {
    const file = await writeMain();
    const ours = new KubeConfig();
    ours.loadFromFile(file);
    const ref = new Reference();
    ref.loadFromFile(file);
    for (const { name } of ref.getContexts()) {
      ours.setCurrentContext(name);
      ref.setCurrentContext(name);
      expect({ name, ...(await applied(ours)) }).toEqual({ name, ...(await applied(ref)) });
    }
    // The comparison means something: each kind of credential did arrive.
    ours.setCurrentContext('ca-data/exec');
    expect(await applied(ours)).toMatchObject({
      headers: { Authorization: expect.stringMatching(/^Bearer exec-token-flavoured-/) },
      ca: Buffer.from('CA FROM DATA'),
      agent: { kind: 'Agent' },
    });
    ours.setCurrentContext('ca-file/exec-cert');
    expect(await applied(ours)).toMatchObject({
      cert: 'EXEC CERT',
      key: 'EXEC KEY',
      servername: 'api.internal',
      ca: Buffer.from('CA FROM FILE'),
    });
    ours.setCurrentContext('ca-file/cert-file');
    expect(await applied(ours)).toMatchObject({
      cert: Buffer.from('CERT FROM FILE'),
      key: Buffer.from('KEY FROM FILE'),
    });
    ours.setCurrentContext('insecure/token');
    expect(await applied(ours)).toMatchObject({
      rejectUnauthorized: false,
      headers: { Authorization: 'Bearer plain-token', 'Impersonate-User': 'someone-else' },
    });
    ours.setCurrentContext('ca-data/token-file');
    expect(await applied(ours)).toMatchObject({ headers: { Authorization: 'Bearer token-from-token-file' } });
    ours.setCurrentContext('ca-data/provider-token-file');
    expect(await applied(ours)).toMatchObject({
      headers: { Authorization: 'Bearer token-from-provider-file' },
    });
    ours.setCurrentContext('plain-http/basic');
    expect(await applied(ours)).toMatchObject({ auth: 'admin:secret' });
    ours.setCurrentContext('plain-http-checked/basic');
    expect(await applied(ours)).toEqual({
      error: 'HTTP protocol is not allowed when skipTLSVerify is not set or false',
    });
    // oidc is client-node's own, loaded on demand.
    ours.setCurrentContext('ca-data/oidc');
    expect(await applied(ours)).toMatchObject({ headers: { Authorization: `Bearer ${idToken}` } });
    // So are proxies.
    ours.setCurrentContext('proxied/token');
    expect(await applied(ours)).toMatchObject({
      headers: { Authorization: 'Bearer plain-token' },
      agent: { kind: 'HttpsProxyAgent' },
    });
  });

  it('hands exec plugins the PATH it is given, as configForContext promises', async () => {
    const file = await writeMain();
    const kc = configForContext({ KUBECONFIG: file }, 'ca-data/exec', '/opt/tools/bin');
    expect(await applied(kc)).toMatchObject({
      headers: { Authorization: 'Bearer exec-token-flavoured-/opt/tools/bin' },
    });
  });

  it('merges KUBECONFIG as kubectl does: the first definition of a name wins, missing files are skipped', async () => {
    const first = join(dir, 'first');
    await writeFile(
      first,
      `clusters:
- name: shared
  cluster: { server: 'https://10.0.2.1:6443' }
users:
- name: shared
  user: { token: first-token }
contexts:
- name: shared
  context: { cluster: shared, user: shared }
`,
    );
    const second = join(dir, 'second');
    await writeFile(
      second,
      `clusters:
- name: shared
  cluster: { server: 'https://10.0.2.2:6443' }
- name: own
  cluster: { server: 'https://10.0.2.3:6443' }
users:
- name: shared
  user: { token: second-token }
contexts:
- name: shared
  context: { cluster: own, user: shared }
- name: own
  context: { cluster: own, user: shared }
current-context: own
`,
    );
    const kc = loadKubeConfig({ KUBECONFIG: [join(dir, 'missing'), first, second, first].join(':') });
    expect(kc.getContexts().map((c) => c.name)).toEqual(['shared', 'own']);
    expect(kc.getContextObject('shared')?.cluster).toBe('shared');
    expect(kc.getCluster('shared')?.server).toBe('https://10.0.2.1:6443');
    expect(kc.getUser('shared')?.token).toBe('first-token');
    // The first file sets no current context, so the second's is taken.
    expect(kc.getCurrentContext()).toBe('own');
    expect(() => loadKubeConfig({ KUBECONFIG: join(dir, 'missing') })).toThrow(
      /Cannot read kubeconfig: none of the files in KUBECONFIG exists/,
    );
  });

  it('reads a token file relative to its kubeconfig, when a request needs it, trimmed', async () => {
    await mkdir(join(dir, 'c', 'tokens'), { recursive: true });
    await writeFile(join(dir, 'c', 'tokens', 'sa'), 'token-with-newline\n');
    const file = join(dir, 'c', 'config');
    await writeFile(
      file,
      `clusters:
- name: c
  cluster: { server: 'https://10.0.3.1:6443', insecure-skip-tls-verify: true }
users:
- name: sa
  user: { token-file: tokens/sa }
- name: gone
  user: { token-file: tokens/gone }
- name: plugin
  user:
    exec: { apiVersion: client.authentication.k8s.io/v1, command: ./bin/login }
- name: on-path
  user:
    exec: { apiVersion: client.authentication.k8s.io/v1, command: aws }
contexts:
- name: sa
  context: { cluster: c, user: sa }
- name: gone
  context: { cluster: c, user: gone }
current-context: sa
`,
    );
    // A missing token file breaks only its own context, not the loading of the others.
    const kc = loadKubeConfig({ KUBECONFIG: file });
    expect(await applied(kc)).toMatchObject({ headers: { Authorization: 'Bearer token-with-newline' } });
    // Re-read after a minute, as kubectl does for rotated service-account tokens.
    await writeFile(join(dir, 'c', 'tokens', 'sa'), 'rotated\n');
    vi.useFakeTimers({ now: Date.now() + 61_000, toFake: ['Date'] });
    try {
      expect(await applied(kc)).toMatchObject({ headers: { Authorization: 'Bearer rotated' } });
    } finally {
      vi.useRealTimers();
    }
    kc.setCurrentContext('gone');
    expect(await applied(kc)).toEqual({
      error: `Cannot read the kubeconfig user's token file ${join(dir, 'c', 'tokens', 'gone')} (ENOENT).`,
    });
    // An exec plugin given by a path is the kubeconfig's; a bare command is looked up on PATH.
    expect((kc.getUser('plugin')?.exec as { command: string }).command).toBe(join(dir, 'c', 'bin', 'login'));
    expect((kc.getUser('on-path')?.exec as { command: string }).command).toBe('aws');
  });

  it('says where a file is broken without quoting it: the line may hold a credential', async () => {
    const file = join(dir, 'config');
    await writeFile(file, 'users:\n- name: a\n  user:\n    token: s3cret: x\n');
    const err = (() => {
      try {
        loadKubeConfig({ KUBECONFIG: file });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err?.message).toMatch(/^Cannot read kubeconfig: .*config: .* at line 4$/);
    expect(err?.message).not.toContain('s3cret');
  });

  it('without any kubeconfig file falls back to what client-node does', async () => {
    vi.stubEnv('KUBECONFIG', '');
    vi.stubEnv('HOME', dir);
    const ours = new KubeConfig();
    ours.loadFromDefault({ HOME: dir }, 'linux');
    const ref = new Reference();
    ref.loadFromDefault();
    expect(ours.getContexts()).toEqual(ref.getContexts());
    expect(ours.getClusters()).toEqual(ref.getClusters());
    expect(ours.getUsers()).toEqual(ref.getUsers());
    expect(ours.getCurrentContext()).toBe(ref.getCurrentContext());
  });

  it('reads ~/.kube/config when KUBECONFIG is not set', async () => {
    await writeSecond();
    await rename(join(dir, 'b'), join(dir, '.kube'));
    const kc = loadKubeConfig({ HOME: dir });
    expect(kc.getCurrentContext()).toBe('other');
    expect(kc.getCluster('other')?.caFile).toBe(join(dir, '.kube', 'ca.crt'));
  });
});
