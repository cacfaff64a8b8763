import { isRequestName, requests, type Envelope } from '../../src-shared/api';
import { toApiError } from '../../src-shared/errors';
import type { Handlers } from './types';

export type Dispatch = (name: unknown, params: unknown) => Promise<Envelope<unknown>>;

/**
 * Validates the request name and its params against the contract before any handler runs, and
 * turns every failure into a serialisable ApiError. Both transports call this and nothing else.
 */
export function createDispatcher(
  handlers: Handlers,
  onInternalError?: (name: string, err: unknown) => void,
): Dispatch {
  return async (name, params) => {
    if (!isRequestName(name)) {
      return {
        ok: false,
        error: { code: 'unknown-request', message: `Unknown request ${describeName(name)}.` },
      };
    }
    let parsed;
    try {
      parsed = requests[name].params.safeParse(params ?? {});
    } catch (err) {
      onInternalError?.(name, err);
      return { ok: false, error: { code: 'invalid-params', message: `Invalid parameters for ${name}.` } };
    }
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'params'}: ${i.message}`);
      return {
        ok: false,
        error: {
          code: 'invalid-params',
          message: `Invalid parameters for ${name}: ${issues.join('; ')}`,
          detail: issues,
        },
      };
    }
    try {
      const handler = handlers[name] as (p: unknown) => Promise<unknown>;
      const result = await handler(parsed.data);
      return { ok: true, result };
    } catch (err) {
      const error = toApiError(err);
      if (error.code === 'internal') onInternalError?.(name, err);
      return { ok: false, error };
    }
  };
}

/**
 * Names the unknown request without converting it: String() throws on an object whose toString
 * is not a function (`{"toString": 1}` arrives fine over JSON), and that must not take a
 * transport down.
 */
export function describeName(name: unknown): string {
  if (typeof name === 'string') return JSON.stringify(name.slice(0, 100));
  if (name === null) return '(null)';
  if (Array.isArray(name)) return '(an array)';
  return `(${typeof name === 'object' ? 'an object' : `a ${typeof name}`})`;
}
