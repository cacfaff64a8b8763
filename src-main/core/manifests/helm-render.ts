import { posix } from 'node:path';
import type { HelmSettings, ManifestProblem } from '../../../src-shared/model';
import type { RenderCapabilities } from '../cluster/render-capabilities';

/** The flags after `helm template <release> <dir>`. Values are passed as `--flag=value` so none is read as a flag. */
export function helmTemplateArgs(options: {
  namespace: string;
  settings: HelmSettings | undefined;
  /** Absolute paths of the value files, in the user's order. */
  valueFiles: string[];
  capabilities: RenderCapabilities | undefined;
}): string[] {
  const { settings, capabilities } = options;
  const args = [`--namespace=${options.namespace}`];
  if (settings?.includeCrds ?? true) args.push('--include-crds');
  if (capabilities) {
    args.push(`--kube-version=${capabilities.kubeVersion}`);
    // One flag per entry: a comma inside a version string cannot split it.
    for (const v of capabilities.apiVersions) args.push(`--api-versions=${v}`);
  }
  for (const file of options.valueFiles) args.push(`--values=${file}`);
  for (const entry of settings?.set ?? []) args.push(`--set=${entry}`);
  return args;
}

/** `# Source: <chart>/templates/x.yaml` → "templates/x.yaml", relative to the chart folder. */
export function chartRelativeSource(sourceComment: string): string | null {
  const path = sourceComment.trim();
  const slash = path.indexOf('/');
  if (slash <= 0) return null;
  const rel = posix.normalize(path.slice(slash + 1));
  return rel.startsWith('..') || posix.isAbsolute(rel) ? null : rel;
}

export interface HelmDocument {
  /** Chart-relative template path, or null when Helm named none. */
  template: string | null;
  text: string;
}

/**
 * Splits `helm template` output into its documents with the template each came from. Helm writes
 * `---\n# Source: chart/templates/x.yaml\n` before each document; a template can yield several.
 */
export function splitHelmOutput(output: string): HelmDocument[] {
  const docs: HelmDocument[] = [];
  for (const chunk of output.split(/^---[ \t]*$/m)) {
    if (!chunk.trim()) continue;
    const m = /^# Source: (.+)$/m.exec(chunk);
    docs.push({ template: m ? chartRelativeSource(m[1]!) : null, text: chunk.replace(/^\n/, '') });
  }
  return docs;
}

/** Where Helm says a render failed, as (chart-relative path, line). */
const locators: RegExp[] = [
  // template: chart/templates/a.yaml:12:14: executing ... / parse error at (chart/templates/a.yaml:12): ...
  /(?:template: |\()([^\s():]+):(\d+)(?::\d+)?[):]/,
  // YAML parse error on chart/templates/a.yaml: error converting YAML to JSON: yaml: line 7: ...
  /YAML parse error on ([^\s:]+):.*?\bline (\d+)/,
  // execution error at (chart/templates/a.yaml:3:4): ...
  /error at \(([^\s():]+):(\d+)/,
];

/**
 * A failed render as manifest problems. When Helm names a template and line, the problem sits
 * there (chart-relative paths are turned into app-relative ones by `toAppPath`); otherwise on the
 * chart folder, so the message is never lost.
 */
export function helmErrorProblems(
  message: string,
  chartDisplay: string,
  toAppPath: (chartRelative: string) => string,
): ManifestProblem[] {
  for (const re of locators) {
    const m = re.exec(message);
    if (!m) continue;
    const rel = chartRelativeSource(m[1]!);
    if (!rel) continue;
    return [{ file: toAppPath(rel), line: Number(m[2]), message }];
  }
  return [{ file: chartDisplay, message }];
}
