import type { HealthStatus, ResourceState, SyncStatus } from '../../../src-shared/model';
import { kindRank } from '../../../src-shared/kind-order';
import { worstHealth, worstSync } from '../../state/status';

export interface TreeNode {
  resource: ResourceState;
  children: TreeNode[];
}

export interface KindGroup {
  key: string;
  kind: string;
  nodes: TreeNode[];
  sync: SyncStatus;
  health: HealthStatus;
}

export type TreeRow =
  | { type: 'group'; key: string; group: KindGroup; level: 1; expanded: boolean }
  | { type: 'resource'; key: string; node: TreeNode; level: number; expanded: boolean; hasChildren: boolean };

function byName(a: TreeNode, b: TreeNode): number {
  const ka = a.resource.key;
  const kb = b.resource.key;
  return (
    ka.kind.localeCompare(kb.kind) ||
    ka.namespace.localeCompare(kb.namespace) ||
    ka.name.localeCompare(kb.name)
  );
}

/**
 * Nests children under their parent (ResourceState.parentId). A child whose parent is not in the
 * list, or that would close a cycle, becomes a root so nothing silently disappears.
 */
export function buildForest(resources: readonly ResourceState[]): TreeNode[] {
  const nodes = new Map<string, TreeNode>();
  for (const r of resources) nodes.set(r.id, { resource: r, children: [] });
  const roots: TreeNode[] = [];
  for (const node of nodes.values()) {
    const parentId = node.resource.parentId;
    const parent = parentId !== undefined && parentId !== node.resource.id ? nodes.get(parentId) : undefined;
    if (parent && !isAncestor(node, parent, nodes)) parent.children.push(node);
    else roots.push(node);
  }
  const sortDeep = (list: TreeNode[]) => {
    list.sort(byName);
    for (const n of list) sortDeep(n.children);
  };
  sortDeep(roots);
  return roots;
}

/** True when `node` is `candidate` or one of its ancestors along parentId links. */
function isAncestor(node: TreeNode, candidate: TreeNode, nodes: Map<string, TreeNode>): boolean {
  const seen = new Set<string>();
  let current: TreeNode | undefined = candidate;
  while (current && !seen.has(current.resource.id)) {
    if (current === node) return true;
    seen.add(current.resource.id);
    const pid: string | undefined = current.resource.parentId;
    current = pid === undefined ? undefined : nodes.get(pid);
  }
  return false;
}

/** Groups root nodes by kind, in sync order, each group carrying the worst status of its members. */
export function groupByKind(roots: readonly TreeNode[]): KindGroup[] {
  const groups = new Map<string, TreeNode[]>();
  for (const node of roots) {
    const kind = node.resource.key.kind;
    const list = groups.get(kind);
    if (list) list.push(node);
    else groups.set(kind, [node]);
  }
  // Groups read top-down in the order a sync applies them.
  const rank = (nodes: TreeNode[]) => kindRank(nodes[0]!.resource.key);
  return [...groups.entries()]
    .sort(([a, na], [b, nb]) => rank(na) - rank(nb) || a.localeCompare(b))
    .map(([kind, nodes]) => ({
      key: `kind:${kind}`,
      kind,
      nodes,
      sync: worstSync(nodes.map((n) => n.resource.sync)),
      health: worstHealth(nodes.map((n) => n.resource.health)),
    }));
}

/** The visible rows for the virtualised list; `collapsed` holds group keys and resource ids. */
export function flattenTree(groups: readonly KindGroup[], collapsed: ReadonlySet<string>): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (node: TreeNode, level: number) => {
    const expanded = !collapsed.has(node.resource.id);
    rows.push({
      type: 'resource',
      key: node.resource.id,
      node,
      level,
      expanded,
      hasChildren: node.children.length > 0,
    });
    if (expanded) for (const child of node.children) walk(child, level + 1);
  };
  for (const group of groups) {
    const expanded = !collapsed.has(group.key);
    rows.push({ type: 'group', key: group.key, group, level: 1, expanded });
    if (expanded) for (const node of group.nodes) walk(node, 2);
  }
  return rows;
}

/** The resource defined at `line` of `file`, the innermost when documents nest (they don't, but be safe). */
export function resourceAtLine(
  resources: readonly ResourceState[],
  file: string,
  line: number,
): ResourceState | undefined {
  let best: ResourceState | undefined;
  for (const r of resources) {
    const s = r.source;
    if (!s || s.file !== file || line < s.startLine || line > s.endLine) continue;
    if (!best?.source || s.endLine - s.startLine < best.source.endLine - best.source.startLine) best = r;
  }
  return best;
}

/** Ids of every ancestor of `id`, for expanding the tree down to a selected resource. */
export function ancestorsOf(resources: readonly ResourceState[], id: string): string[] {
  const byId = new Map(resources.map((r) => [r.id, r]));
  const out: string[] = [];
  let current = byId.get(id)?.parentId;
  while (current !== undefined && !out.includes(current)) {
    out.push(current);
    current = byId.get(current)?.parentId;
  }
  return out;
}

export interface ResourceFilter {
  /** Words that must all appear in "Kind name" (case-insensitive). */
  text: string;
  outOfSyncOnly: boolean;
  unhealthyOnly: boolean;
}

export const noFilter: ResourceFilter = { text: '', outOfSyncOnly: false, unhealthyOnly: false };

export function isFilterActive(f: ResourceFilter): boolean {
  return f.text.trim() !== '' || f.outOfSyncOnly || f.unhealthyOnly;
}

/**
 * The resources that match, plus their ancestors so each match keeps its place in the tree.
 * Children (no git source) count as in sync: only what is in git, or extraneous, can be out of sync.
 */
export function filterResources(resources: readonly ResourceState[], f: ResourceFilter): ResourceState[] {
  if (!isFilterActive(f)) return resources as ResourceState[];
  const words = f.text.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (r: ResourceState) => {
    if (f.outOfSyncOnly && (r.sync === 'Synced' || r.parentId !== undefined)) return false;
    if (f.unhealthyOnly && r.health === 'Healthy') return false;
    if (words.length === 0) return true;
    const hay = `${r.key.kind} ${r.key.name} ${r.key.namespace}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  };
  const byId = new Map(resources.map((r) => [r.id, r]));
  const keep = new Set<string>();
  for (const r of resources) {
    if (!matches(r)) continue;
    let current: ResourceState | undefined = r;
    while (current && !keep.has(current.id)) {
      keep.add(current.id);
      current = current.parentId === undefined ? undefined : byId.get(current.parentId);
    }
  }
  return resources.filter((r) => keep.has(r.id));
}
