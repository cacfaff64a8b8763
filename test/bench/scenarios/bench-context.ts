import type { KubeConnection } from '../kube-connection';
import type { ClusterTarget } from '../ours/ours-core';
import type { Kubectl } from '../peers/kubectl';
import { measured, type Measurement } from '../results';

export interface BenchContext {
  cluster: ClusterTarget;
  kubectl: Kubectl;
  conn: KubeConnection;
  /** Scratch folder for generated repositories and core user data. */
  workDir: string;
  runs: number;
  /** Same concurrency as the core's sync runner, for the floor client. */
  concurrency: number;
  log(message: string): void;
  /** Namespaces this run created, deleted at the end. */
  namespaces: Set<string>;
  /** Appended to namespace names: namespaces of an earlier run may still be terminating. */
  nsSuffix: string;
}

/** Collects one number per run; the first failure ends the series and is kept as its error. */
export class Series {
  readonly values: number[] = [];
  error: string | undefined;

  async add(step: () => Promise<number>): Promise<void> {
    if (this.error !== undefined) return;
    try {
      this.values.push(await step());
    } catch (err) {
      this.error = errorText(err);
    }
  }

  result(): Measurement {
    return measured(this.values, this.error);
  }
}

export function errorText(err: unknown): string {
  const text =
    err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err);
  const code = (err as { code?: unknown } | null)?.code;
  return (typeof code === 'string' && !text.includes(code) ? `${code}: ${text}` : text)
    .replace(/\s+/g, ' ')
    .slice(0, 400);
}

export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

export async function namespace(ctx: BenchContext, base: string): Promise<string> {
  const name = `${base}-${ctx.nsSuffix}`;
  await ctx.conn.createNamespace(name);
  ctx.namespaces.add(name);
  return name;
}
