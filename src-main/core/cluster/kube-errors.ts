import { ApiFailure, type ErrorCode } from '../../../src-shared/errors';
import { isRecord } from './kube-object';

const tlsCodes = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
]);
const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'EAI_AGAIN',
  'EPIPE',
]);

/** A network-level failure (no HTTP status) turned into something a person can act on. */
export function networkFailure(err: unknown, server: string): ApiFailure {
  const code = isRecord(err) && typeof err.code === 'string' ? err.code : '';
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'ETIMEDOUT' || code === 'ABORT_TIMEOUT' || /timed? ?out/i.test(message)) {
    return new ApiFailure(
      'timeout',
      `The API server at ${server} did not answer in time. Check the network or VPN, then retry.`,
      { code },
    );
  }
  // A connection cut during the handshake (the server went away) says "TLS" in its message but
  // carries ECONNRESET: the code decides, the message only when there is no code to go by.
  if (
    tlsCodes.has(code) ||
    code.startsWith('ERR_SSL') ||
    code.startsWith('ERR_TLS') ||
    (!unreachableCodes.has(code) && /certificate|ssl|tls/i.test(message))
  ) {
    return new ApiFailure(
      'tls',
      `TLS failure talking to ${server}: ${message}. The kubeconfig's certificate-authority data may not match the server; refresh the kubeconfig.`,
      { code },
    );
  }
  if (unreachableCodes.has(code)) {
    return new ApiFailure(
      'unreachable',
      `Cannot reach the API server at ${server} (${code}). Check that the cluster is running and the server address in the kubeconfig.`,
      {
        code,
      },
    );
  }
  return new ApiFailure('unreachable', `Cannot talk to the API server at ${server}: ${message}`, { code });
}

export interface KubeStatus {
  message?: string;
  reason?: string;
  code?: number;
  details?: {
    causes?: { reason?: string; message?: string; field?: string }[];
    retryAfterSeconds?: number;
  };
}

export function parseStatus(text: string): KubeStatus {
  try {
    const v: unknown = JSON.parse(text);
    if (isRecord(v) && v.kind === 'Status') return v as KubeStatus;
  } catch {
    // Not JSON: proxies and load balancers answer with HTML or plain text.
  }
  return { message: text.trim().slice(0, 500) };
}

/** Names of the field managers a 409 apply conflict is about, from the Status causes. */
export function conflictingManagers(status: KubeStatus): string[] {
  const out = new Set<string>();
  for (const cause of status.details?.causes ?? []) {
    const m = /conflict with "([^"]+)"/.exec(cause.message ?? '');
    if (m) out.add(m[1]!);
  }
  const m = /conflicts? with "([^"]+)"/.exec(status.message ?? '');
  if (m) out.add(m[1]!);
  return [...out];
}

/** An HTTP error answer from the API server, with its own message and what to do next. */
export function httpFailure(
  status: number,
  text: string,
  what: string,
  retryAfterHeader?: number,
): ApiFailure {
  const st = parseStatus(text);
  const server = st.message || `HTTP ${status}`;
  // How long the server asked to wait: its Retry-After header (API Priority and Fairness sets it
  // on 429s), else the Status body's details.
  const retryAfterSeconds = retryAfterHeader ?? st.details?.retryAfterSeconds;
  const detail = {
    status,
    reason: st.reason,
    causes: st.details?.causes,
    ...(typeof retryAfterSeconds === 'number' ? { retryAfterSeconds } : {}),
  };
  const fail = (code: ErrorCode, message: string, extra: object = {}) =>
    new ApiFailure(code, message, { ...detail, ...extra });
  switch (status) {
    case 401:
      return fail(
        'unauthorized',
        `${what}: the API server did not accept the credentials (401 Unauthorized): ${server}. Log in again or refresh the kubeconfig token.`,
      );
    case 403:
      return fail(
        'forbidden',
        `${what}: forbidden (403): ${server}. Ask a cluster admin for the missing permission or use another context.`,
      );
    case 404:
      return fail('not-found', `${what}: not found (404): ${server}`);
    case 409: {
      const managers = conflictingManagers(st);
      const hint = managers.length ? ` Conflicting field manager: ${managers.join(', ')}.` : '';
      return fail(
        'conflict',
        `${what}: conflict (409): ${server}.${hint} Sync with "force" to take over these fields, or remove them from the manifest.`,
        {
          managers,
        },
      );
    }
    case 400:
    case 422:
      return fail(
        'invalid',
        `${what}: rejected as invalid (${status}): ${server}. ${
          /field is immutable/i.test(server)
            ? 'It cannot change in place: recreate it (the Sync dialog offers it), or undo the change.'
            : 'Fix the manifest and commit again.'
        }`,
      );
    case 408:
    case 504:
      return fail('timeout', `${what}: the API server timed out (${status}): ${server}`);
    default:
      return fail('kube', `${what}: the API server answered ${status}: ${server}`);
  }
}
