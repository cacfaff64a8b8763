// Which vitest projects a `npm test -- <args>` run selects, and what each one needs, so that
// scripts/test.mjs checks only what will be used: `npm test -- --project unit` needs neither Go,
// git nor a browser.

/** What each project in vitest.config.ts needs besides Node and node_modules. */
export const projectNeeds = {
  unit: [],
  integration: ['git', 'cluster'],
  e2e: ['git', 'cluster', 'browser', 'build'],
};

const projectNames = Object.keys(projectNeeds);

function globMatches(pattern, name) {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${source}$`).test(name);
}

/**
 * The projects `vitest run <args>` runs: the `--project` values (vitest's `*` wildcard included),
 * else, when every file filter lies under one project's folder (`test/unit/...`), those projects,
 * else all. A value of another option taken for a filter only ever selects more, never less.
 */
export function selectedProjects(args) {
  const patterns = [];
  const filters = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--project') patterns.push(args[++i] ?? '');
    else if (arg.startsWith('--project=')) patterns.push(arg.slice('--project='.length));
    else if (!arg.startsWith('-')) filters.push(arg);
  }
  if (patterns.length > 0) return projectNames.filter((name) => patterns.some((p) => globMatches(p, name)));
  if (filters.length > 0) {
    const owners = filters.map((filter) =>
      projectNames.find((name) => filter.replace(/^\.\//, '').startsWith(`test/${name}/`)),
    );
    if (owners.every(Boolean)) return projectNames.filter((name) => owners.includes(name));
  }
  return projectNames;
}

/** Everything the selected projects need, once each. */
export function neededFor(projects) {
  return new Set(projects.flatMap((p) => projectNeeds[p] ?? []));
}
