import type { EventName, EventPayload } from '../../src-shared/api';
import type { EventSink } from './types';

type AnyListener = (name: EventName, payload: unknown) => void;

/** Fans events out to every connected transport (IPC window, WebSocket clients, tests). */
export class EventHub implements EventSink {
  private readonly listeners = new Set<AnyListener>();

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(name, payload);
      } catch {
        // One broken subscriber (a closed socket) must not stop the others.
      }
    }
  }

  subscribe(listener: AnyListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
