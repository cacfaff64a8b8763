import type { RawData } from 'ws';
import type { Dispatch } from '../api/dispatcher';

/**
 * One request per message: {t:'req', id, name, params}. Returns the answer to send, or null for
 * anything malformed without a usable id (dropped: it never reaches a handler). Never throws.
 */
export async function handleSocketMessage(
  data: RawData,
  dispatch: Dispatch,
  /** False once nobody can receive the answer: it is then not even encoded. */
  wanted: () => boolean = () => true,
): Promise<string | null> {
  let message: unknown;
  try {
    message = JSON.parse(rawText(data));
  } catch {
    return null;
  }
  if (typeof message !== 'object' || message === null) return null;
  const { t, id, name, params } = message as Record<string, unknown>;
  if (t !== 'req' || typeof id !== 'number' || !Number.isSafeInteger(id)) return null;
  let envelope;
  try {
    envelope = await dispatch(name, params);
  } catch {
    envelope = { ok: false, error: { code: 'internal', message: 'The request failed unexpectedly.' } };
  }
  if (!wanted()) return null;
  try {
    return JSON.stringify({ t: 'res', id, envelope });
  } catch {
    // A result that cannot be serialised (a cycle, a BigInt) still gets an answer.
    return JSON.stringify({
      t: 'res',
      id,
      envelope: { ok: false, error: { code: 'internal', message: 'The answer could not be encoded.' } },
    });
  }
}

export function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString();
  if (Array.isArray(data)) return Buffer.concat(data).toString();
  return Buffer.from(data).toString();
}
