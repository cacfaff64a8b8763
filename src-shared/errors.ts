/**
 * Errors cross the transport as plain data. Core code throws ApiFailure with a code the UI can act
 * on; anything else is reported as `internal` with its message only (never a stack trace).
 */
export const errorCodes = [
  'invalid-params',
  'unknown-request',
  'not-found',
  'unauthorized',
  'forbidden',
  'conflict',
  'invalid',
  'unreachable',
  'tls',
  'timeout',
  'cancelled',
  'busy',
  'unsupported',
  'not-a-repository',
  'outside-repository',
  'identity-required',
  'dirty-worktree',
  'git',
  'yaml',
  'kube',
  'settings',
  /** The app is handed over to an in-cluster engine: the desktop does not apply. */
  'pull-mode',
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** Structured, serialisable extra information (conflict lists, API reasons, file and line...). */
  detail?: unknown;
}

export class ApiFailure extends Error {
  readonly code: ErrorCode;
  readonly detail?: unknown;
  constructor(code: ErrorCode, message: string, detail?: unknown) {
    super(message);
    this.name = 'ApiFailure';
    this.code = code;
    this.detail = detail;
  }
  toApiError(): ApiError {
    return this.detail === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, detail: this.detail };
  }
}

export function isApiError(value: unknown): value is ApiError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.message === 'string' &&
    typeof v.code === 'string' &&
    (errorCodes as readonly string[]).includes(v.code)
  );
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiFailure) return err.toApiError();
  if (isApiError(err)) return { code: err.code, message: err.message, detail: err.detail };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message: message || 'Unexpected error' };
}
