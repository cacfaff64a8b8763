import type { AppState } from '../../../src-shared/model';

export interface Denial {
  user: string;
  verb: string;
  resource: string;
  namespace: string | null;
}

// The API server's own wording: User "u" cannot list resource "configmaps" in API group "" in the namespace "ns".
const denied =
  /User "([^"]+)" cannot (\w+) resource "([^"]+)"(?: in API group "[^"]*")?(?: in the namespace "([^"]+)")?/;

/** Every distinct permission the cluster refused while comparing this app. */
export function denialsOf(state: AppState | undefined): Denial[] {
  if (!state) return [];
  const texts = [
    state.connection.message ?? '',
    ...state.resources.flatMap((r) => [r.syncReason ?? '', r.healthReason ?? '']),
  ];
  const seen = new Map<string, Denial>();
  for (const text of texts) {
    const m = denied.exec(text);
    if (!m) continue;
    const d: Denial = { user: m[1]!, verb: m[2]!, resource: m[3]!, namespace: m[4] ?? null };
    seen.set(`${d.user} ${d.verb} ${d.resource} ${d.namespace ?? ''}`, d);
  }
  return [...seen.values()];
}

/** "restricted-user cannot get configmaps in uireview" (or "cluster-wide"). */
export function denialText(d: Denial): string {
  return `${d.user} cannot ${d.verb} ${d.resource} ${d.namespace ? `in ${d.namespace}` : 'cluster-wide'}`;
}
