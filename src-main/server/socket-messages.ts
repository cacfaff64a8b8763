import type { RawData, WebSocket } from 'ws';
import type { Dispatch } from '../api/dispatcher';

/**
 * One request per message: {t:'req', id, name, params}. Anything malformed is answered (when it
 * has an id) or dropped; it never reaches a handler.
 */
export async function handleSocketMessage(ws: WebSocket, data: RawData, dispatch: Dispatch): Promise<void> {
  let message: unknown;
  try {
    message = JSON.parse(data.toString());
  } catch {
    return;
  }
  if (typeof message !== 'object' || message === null) return;
  const { t, id, name, params } = message as Record<string, unknown>;
  if (t !== 'req' || typeof id !== 'number' || !Number.isSafeInteger(id)) return;
  const envelope = await dispatch(name, params);
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ t: 'res', id, envelope }));
}
