import { execFile } from 'node:child_process';
import { writeFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { AppOptions, AppSettings, AppState, CompareWith } from '../../src-shared/model';
import type { TestCore } from './core-client';
import type { Sandbox } from './git-fixtures';

const run = promisify(execFile);

export const adminContext = 'gitops-desktop-test';
export const restrictedContext = 'gitops-desktop-restricted';

export interface Kubectl {
  (...args: string[]): Promise<string>;
  /** Applies a YAML text with client-side kubectl (another field manager than ours). */
  apply(yaml: string, ...args: string[]): Promise<string>;
}

export function kubectlFor(kubectlPath: string, kubeconfig: string): Kubectl {
  const k = (async (...args: string[]) => {
    const { stdout } = await run(
      kubectlPath,
      ['--kubeconfig', kubeconfig, '--context', adminContext, ...args],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    return stdout.trim();
  }) as Kubectl;
  k.apply = (yaml, ...args) =>
    new Promise((resolve, reject) => {
      const child = execFile(
        kubectlPath,
        ['--kubeconfig', kubeconfig, '--context', adminContext, 'apply', '-f', '-', ...args],
        (err, stdout, stderr) =>
          err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout.trim()),
      );
      child.stdin!.end(yaml);
    });
  return k;
}

/** A short unique suffix so test files never share namespaces or app names. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`,
      );
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export function waitForState(
  h: TestCore,
  appId: string,
  what: string,
  predicate: (s: AppState) => boolean,
  compareWith: CompareWith = 'HEAD',
  timeoutMs = 60_000,
): Promise<AppState> {
  let last: AppState | undefined;
  return waitFor(
    what,
    async () => {
      last = await h.api.call('state.get', { appId, compareWith });
      return predicate(last) ? last : undefined;
    },
    timeoutMs,
    300,
  ).catch((err: Error) => {
    throw new Error(
      `${err.message}\nlast state: ${JSON.stringify(
        last?.resources.filter((r) => !r.parentId),
        null,
        1,
      )}`,
    );
  });
}

/** Writes manifests into a new git repository (real git CLI), commits them and registers the app. */
export async function createClusterApp(
  h: TestCore,
  sandbox: Sandbox,
  opts: {
    name: string;
    namespace: string;
    files: Record<string, string>;
    context?: string;
    options?: AppOptions;
  },
): Promise<AppSettings> {
  const dir = await sandbox.dir(opts.name);
  for (const [path, content] of Object.entries(opts.files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  await sandbox.git(dir, 'init', '-q', '-b', 'main');
  await sandbox.git(dir, 'add', '.');
  await sandbox.git(dir, 'commit', '-q', '-m', 'Initial manifests');
  return h.api.call('apps.add', {
    name: opts.name,
    repoPath: dir,
    appPath: '',
    context: opts.context ?? adminContext,
    namespace: opts.namespace,
    ...(opts.options ? { options: opts.options } : {}),
  });
}

export function resource(state: AppState, kind: string, name: string) {
  return state.resources.find((r) => r.key.kind === kind && r.key.name === name && r.parentId === undefined);
}

export const noSyncOptions = { prune: false, force: false, applyAll: false };

export function deployment(name: string, namespace: string, replicas = 1, extraSpec = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
${extraSpec}      containers:
        - name: app
          image: registry.k8s.io/pause:3.10
`;
}

/**
 * A Job the node simulator completes (its Pod is Succeeded about a second after it is scheduled).
 * A name ending in "-" is a `generateName`; `spec` and `podSpec` are extra lines, indented.
 */
export function job(
  name: string,
  namespace: string,
  opts: { annotations?: Record<string, string>; image?: string; spec?: string; podSpec?: string } = {},
): string {
  const annotations = Object.entries(opts.annotations ?? {});
  return `apiVersion: batch/v1
kind: Job
metadata:
  ${name.endsWith('-') ? 'generateName' : 'name'}: ${name}
  namespace: ${namespace}
${annotations.length ? `  annotations:\n${annotations.map(([k, v]) => `    ${k}: "${v}"\n`).join('')}` : ''}spec:
  backoffLimit: 0
${opts.spec ?? ''}  template:
    spec:
      restartPolicy: Never
${opts.podSpec ?? ''}      containers:
        - name: run
          image: ${opts.image ?? 'busybox'}
          command: ["true"]
`;
}

export function namespaceYaml(name: string): string {
  return `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;
}

export function configMap(name: string, namespace: string, data: Record<string, string>): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\ndata:\n${Object.entries(
    data,
  )
    .map(([k, v]) => `  ${k}: ${JSON.stringify(v)}\n`)
    .join('')}`;
}
