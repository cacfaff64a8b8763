import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contextFingerprint } from '../../../../src-main/core/cluster/cluster-service';
import {
  filesSignature,
  kubeconfigFiles,
  KubeconfigWatch,
} from '../../../../src-main/core/cluster/kubeconfig-watch';
import { relistChanges } from '../../../../src-main/core/cluster/live-cache';
import { KubeConfig } from '../../../../src-main/core/cluster/kube-config';

const kubeconfig = (port: number, token = 'abc') => `apiVersion: v1
kind: Config
clusters:
- name: c1
  cluster:
    server: https://127.0.0.1:${port}
- name: c2
  cluster:
    server: https://127.0.0.1:7000
users:
- name: u1
  user:
    token: ${token}
contexts:
- name: one
  context: { cluster: c1, user: u1 }
- name: two
  context: { cluster: c2, user: u1 }
current-context: one
`;

const load = (text: string) => {
  const kc = new KubeConfig();
  kc.loadFromString(text);
  return kc;
};

describe('kubeconfigFiles', () => {
  it('lists every file of KUBECONFIG, else ~/.kube/config', () => {
    expect(kubeconfigFiles({ KUBECONFIG: '/a/one:/b/two::' }, 'linux')).toEqual(['/a/one', '/b/two']);
    expect(kubeconfigFiles({ HOME: '/home/me' }, 'linux')).toEqual(['/home/me/.kube/config']);
  });
});

describe('contextFingerprint', () => {
  it('changes when the server of that context moves, not when another context changes', () => {
    const before = load(kubeconfig(6443));
    const moved = load(kubeconfig(7443));
    expect(contextFingerprint(moved, 'one')).not.toBe(contextFingerprint(before, 'one'));
    expect(contextFingerprint(moved, 'two')).toBe(contextFingerprint(before, 'two'));
  });

  it('changes when the credentials change, and is undefined for a context that is gone', () => {
    const before = load(kubeconfig(6443));
    expect(contextFingerprint(load(kubeconfig(6443, 'rotated')), 'one')).not.toBe(
      contextFingerprint(before, 'one'),
    );
    expect(contextFingerprint(before, 'missing')).toBeUndefined();
  });
});

describe('KubeconfigWatch', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubeconfig-watch-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('sees a file replaced by a rename, as tools write kubeconfigs, and ignores other files', async () => {
    const file = join(dir, 'config');
    await writeFile(file, kubeconfig(6443));
    const before = await filesSignature([file]);
    let changes = 0;
    const watch = new KubeconfigWatch([file], () => changes++, 20);
    try {
      await writeFile(join(dir, 'unrelated'), 'x');
      await new Promise((r) => setTimeout(r, 200));
      expect(changes).toBe(0);
      await writeFile(`${file}.tmp`, kubeconfig(7443));
      await rename(`${file}.tmp`, file);
      await expect.poll(() => changes, { timeout: 5000 }).toBeGreaterThan(0);
      expect(await filesSignature([file])).not.toBe(before);
    } finally {
      watch.dispose();
    }
  });

  it('signs a missing file too, so its creation counts as a change', async () => {
    const file = join(dir, 'absent');
    const missing = await filesSignature([file]);
    await writeFile(file, kubeconfig(6443));
    expect(await filesSignature([file])).not.toBe(missing);
  });
});

describe('relistChanges', () => {
  const obj = (name: string, rv: string) => ({ metadata: { namespace: 'ns', name, resourceVersion: rv } });

  it('turns a fresh list into the events the watch missed', () => {
    const before = new Map([
      ['ns/kept', obj('kept', '1')],
      ['ns/changed', obj('changed', '2')],
      ['ns/deleted', obj('deleted', '3')],
    ]);
    const changes = relistChanges(before, [obj('kept', '1'), obj('changed', '9'), obj('added', '10')]);
    expect(changes.map((c) => [c.type, c.object.metadata])).toEqual([
      ['MODIFIED', { namespace: 'ns', name: 'changed', resourceVersion: '9' }],
      ['ADDED', { namespace: 'ns', name: 'added', resourceVersion: '10' }],
      ['DELETED', { namespace: 'ns', name: 'deleted', resourceVersion: '3' }],
    ]);
  });

  it('reports nothing when nothing changed', () => {
    const before = new Map([['ns/a', obj('a', '1')]]);
    expect(relistChanges(before, [obj('a', '1')])).toEqual([]);
  });
});
