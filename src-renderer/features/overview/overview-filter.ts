import type { AppSummary } from '../../../src-shared/model';

export interface OverviewFilter {
  text: string;
  /** '' = any; a sync status ("OutOfSync") or a health ("Degraded"). */
  status: string;
  /** '' = any context. */
  context: string;
}

export const anyApp: OverviewFilter = { text: '', status: '', context: '' };

/** Apps matching every part of the filter; text matches name, context, namespace or path. */
export function filterApps(apps: readonly AppSummary[], f: OverviewFilter): AppSummary[] {
  const words = f.text.toLowerCase().split(/\s+/).filter(Boolean);
  return apps.filter((a) => {
    if (f.context && a.context !== f.context) return false;
    if (f.status && a.sync !== f.status && a.health !== f.status) return false;
    const hay = `${a.name} ${a.context} ${a.namespace} ${a.repoPath} ${a.appPath}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}
