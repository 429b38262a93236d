/**
 * A feature module: a function of the AppContext returning handlers for some
 * client events. app.ts wraps every handler with the role check (EVENT_ROLES),
 * payload validation (payloads.ts), the per-token rate limit and error mapping,
 * so a handler receives a validated payload from an allowed principal and
 * either returns the ack data or throws a MakegoodError.
 */
import type { AckFn } from '../contract/errors.ts';
import type { ClientEvent, ClientToServerEvents } from '../contract/events.ts';
import type { Principal } from '../contract/roles.ts';
import type { AppContext } from './context.ts';

export type Payload<E extends ClientEvent> = Parameters<ClientToServerEvents[E]>[0];
export type Result<E extends ClientEvent> = Parameters<ClientToServerEvents[E]>[1] extends AckFn<infer T> ? T : never;

export interface HandlerMeta {
  /** The socket the event came on (e.g. to join it to a room). */
  socketId: string;
}

export type Handler<E extends ClientEvent> = (principal: Principal, payload: Payload<E>, meta: HandlerMeta) => Promise<Result<E>> | Result<E>;

export type Handlers = { [E in ClientEvent]?: Handler<E> };

export interface Feature {
  name: string;
  handlers?: Handlers;
  /** Called on shutdown (timers, watchers). */
  close?(): void | Promise<void>;
}

/** Built once at start, after the store is open; may read the whole log to rebuild indexes. */
export type FeatureFactory = (ctx: AppContext) => Feature | Promise<Feature>;
