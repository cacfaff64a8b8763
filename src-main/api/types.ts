import type { EventName, EventPayload, ParsedParams, RequestName, Result } from '../../src-shared/api';

export type Handler<N extends RequestName> = (params: ParsedParams<N>) => Promise<Result<N>>;

/** The full handler map: one handler per contract request, checked by the compiler. */
export type Handlers = { [N in RequestName]: Handler<N> };

/** The handlers of one domain, e.g. HandlersFor<'repo'> = every 'repo.*' request. */
export type HandlersFor<Prefix extends string> = {
  [N in RequestName as N extends `${Prefix}.${string}` ? N : never]: Handler<N>;
};

/** Where core services publish events; transports subscribe to it. */
export interface EventSink {
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
}
