import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { groupOf, resourceId } from '../../src-shared/resource-id';
import { componentKinds, crdGroup, kinds, type KindName } from './manifest-kinds';
import { renderFile, type BenchResource } from './render-resource';
import { git } from './run-command';

export type RepoLayout = 'grouped' | 'one-per-file';

export interface GenerateOptions {
  dir: string;
  /** Resources in the app, the CRD included. */
  resources: number;
  /** Commits in the history (at least 1: the initial import). */
  commits: number;
  /** grouped: a few multi-document files per component; one-per-file: a file per resource. */
  layout?: RepoLayout;
  /** Deployments, first ones first, that ask for one replica (the rest ask for 0). Default 0. */
  runningDeployments?: number;
}

export interface GeneratedRepo {
  dir: string;
  resources: BenchResource[];
  files: string[];
  /** Edits these resources in the working copy; returns the files it rewrote. */
  edit(indices: readonly number[]): Promise<string[]>;
  /**
   * The same edit, returned instead of written, for a caller that saves files its own way;
   * `step` -1 undoes an earlier edit.
   */
  prepareEdit(indices: readonly number[], step?: number): { file: string; content: string }[];
  /** The resource id the core uses ("group/Kind/namespace/name") for a resource in `namespace`. */
  idOf(r: BenchResource, namespace: string): string;
  /** `git add` + `git commit` with the CLI (setting up a state, never a timed step). */
  commit(files: readonly string[], message: string): Promise<void>;
}

const componentsPerTeam = 10;
const suffixes = ['', '', '-config', '-env', '-credentials', '', '-reader', '-reader', '-a', '-b'];
const groupedFile: Record<KindName, string> = {
  crd: '',
  deployment: 'workload.yaml',
  service: 'workload.yaml',
  configMap: 'config.yaml',
  secret: 'config.yaml',
  serviceAccount: 'rbac.yaml',
  role: 'rbac.yaml',
  roleBinding: 'rbac.yaml',
  widget: 'widgets.yaml',
};

function planResources(count: number, layout: RepoLayout, running: number): BenchResource[] {
  const out: BenchResource[] = [
    { index: 0, kindName: 'crd', name: `widgets.${crdGroup}`, file: 'crds/widgets.yaml', generation: 0 },
  ];
  for (let i = 1; i < count; i++) {
    const c = Math.floor((i - 1) / componentKinds.length);
    const slot = (i - 1) % componentKinds.length;
    const kindName = componentKinds[slot]!;
    const component = `svc-${String(c).padStart(4, '0')}`;
    const name = component + suffixes[slot]!;
    const folder = `teams/team-${String(Math.floor(c / componentsPerTeam)).padStart(3, '0')}/${component}`;
    const file =
      layout === 'grouped' ? `${folder}/${groupedFile[kindName]}` : `${folder}/${kindName}-${name}.yaml`;
    const replicas = kindName === 'deployment' && c < running ? 1 : 0;
    out.push({ index: i, kindName, name, file, generation: 0, ...(replicas ? { replicas } : {}) });
  }
  return out;
}

function byFile(resources: readonly BenchResource[]): Map<string, BenchResource[]> {
  const files = new Map<string, BenchResource[]>();
  for (const r of resources) {
    const list = files.get(r.file);
    if (list) list.push(r);
    else files.set(r.file, [r]);
  }
  return files;
}

/** `data <n>\n<bytes>\n` as fast-import wants it. */
function data(text: string): string {
  return `data ${Buffer.byteLength(text)}\n${text}\n`;
}

/**
 * The history as one fast-import stream: an initial import of every file, then one commit per
 * later step editing one resource (round robin, the CRD excepted). Far faster than running
 * `git commit` thousands of times.
 */
function historyStream(
  resources: BenchResource[],
  files: Map<string, BenchResource[]>,
  commits: number,
): string {
  const parts: string[] = [];
  const base = 1_700_000_000;
  const who = (k: number) => `Bench Author <bench@example.com> ${base + k * 60} +0000`;
  const header = (k: number, message: string) =>
    `commit refs/heads/main\nmark :${k}\nauthor ${who(k)}\ncommitter ${who(k)}\n${data(message)}${k > 1 ? `from :${k - 1}\n` : ''}`;
  parts.push(header(1, `Import ${resources.length} resources`));
  for (const [file, list] of files) parts.push(`M 100644 inline ${file}\n${data(renderFile(list))}`);
  const editable = resources.length - 1;
  for (let k = 2; k <= commits && editable > 0; k++) {
    const r = resources[1 + ((k - 2) % editable)]!;
    r.generation++;
    parts.push(header(k, `Tune ${r.name} (${r.kindName})`));
    parts.push(`M 100644 inline ${r.file}\n${data(renderFile(files.get(r.file)!))}`);
  }
  return parts.join('');
}

/** Creates a git repository holding a realistic app of `resources` objects and `commits` commits. */
export async function generateRepo(options: GenerateOptions): Promise<GeneratedRepo> {
  const { dir } = options;
  const resources = planResources(
    Math.max(1, options.resources),
    options.layout ?? 'grouped',
    options.runningDeployments ?? 0,
  );
  const files = byFile(resources);
  await mkdir(dir, { recursive: true });
  await git(dir, 'init', '-q', '-b', 'main');
  await git(dir, 'config', 'user.name', 'Bench Author');
  await git(dir, 'config', 'user.email', 'bench@example.com');
  await git(dir, 'config', 'commit.gpgsign', 'false');
  await git(dir, 'fast-import', '--quiet', {
    input: historyStream(resources, files, Math.max(1, options.commits)),
  });
  // Materialise the working copy and the index from HEAD, as a clone would.
  await git(dir, 'reset', '-q', '--hard', 'main');

  const prepareEdit = (indices: readonly number[], step = 1) => {
    const touched = new Set<string>();
    for (const i of indices) {
      const r = resources[i];
      if (!r) throw new Error(`No resource ${i}`);
      r.generation += step;
      touched.add(r.file);
    }
    return [...touched].map((file) => ({ file, content: renderFile(files.get(file)!) }));
  };
  return {
    dir,
    resources,
    files: [...files.keys()],
    prepareEdit,
    async edit(indices) {
      const edits = prepareEdit(indices);
      for (const { file, content } of edits) {
        await mkdir(dirname(join(dir, file)), { recursive: true });
        await writeFile(join(dir, file), content);
      }
      return edits.map((e) => e.file);
    },
    idOf(r, namespace) {
      const k = kinds[r.kindName];
      return resourceId({
        group: groupOf(k.apiVersion),
        kind: k.kind,
        namespace: k.namespaced ? namespace : '',
        name: r.name,
      });
    },
    async commit(paths, message) {
      await git(dir, 'add', '--', ...paths);
      await git(dir, 'commit', '-q', '-m', message);
    },
  };
}

/**
 * About `fraction` of the resources after the CRD, spread evenly through the app; `offset` shifts
 * the pick so successive runs edit different resources.
 */
export function sample(repo: GeneratedRepo, fraction: number, offset = 0): number[] {
  const editable = repo.resources.length - 1;
  const count = Math.max(1, Math.round(editable * fraction));
  const step = editable / count;
  return Array.from({ length: count }, (_, i) => 1 + ((Math.floor(i * step) + offset) % editable));
}
