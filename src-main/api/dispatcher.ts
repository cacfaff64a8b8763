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
        error: { code: 'unknown-request', message: `Unknown request "${String(name).slice(0, 100)}".` },
      };
    }
    const parsed = requests[name].params.safeParse(params ?? {});
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
