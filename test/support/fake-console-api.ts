/**
 * An in-memory ConsoleApi for component tests: answers requests from handlers the test gives,
 * records what was asked, and lets the test push live events. Integration tests use the real
 * server instead.
 */
import type { Ack, ClientEvent, ServerToClientEvents } from '../../server/contract/index.ts';
import type { ConnectionState, ConsoleApi, DataOf, RequestOf } from '../../widget/console/api.ts';

export type FakeHandlers = { [E in ClientEvent]?: (req: RequestOf<E>) => Ack<DataOf<E>> | DataOf<E> };

export interface FakeApi extends ConsoleApi {
  calls: { event: ClientEvent; payload: unknown }[];
  push<E extends keyof ServerToClientEvents>(event: E, payload: Parameters<ServerToClientEvents[E]>[0]): void;
  closed: boolean;
  /** Simulates the socket going down, coming back or being refused. */
  connection(state: ConnectionState): void;
}

export function fakeApi(handlers: FakeHandlers): FakeApi {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const api: FakeApi = {
    calls: [],
    closed: false,
    async request(event, payload) {
      api.calls.push({ event, payload });
      const h = handlers[event] as ((req: unknown) => unknown) | undefined;
      if (!h) return { ok: false, error: { code: 'forbidden', message: `no handler for ${event}` } };
      const out = h(payload);
      // ChainStatus has its own `ok`: an Ack is told apart by data/error.
      const isAck = out !== null && typeof out === 'object' && 'ok' in out && ('data' in out || 'error' in out);
      return (isAck ? out : { ok: true, data: out }) as never;
    },
    on(event, fn) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(fn as (p: unknown) => void);
      return () => set.delete(fn as (p: unknown) => void);
    },
    push(event, payload) {
      listeners.get(event)?.forEach((fn) => fn(payload));
    },
    onConnection(fn) {
      const set = listeners.get('$connection') ?? new Set();
      listeners.set('$connection', set);
      set.add(fn as (p: unknown) => void);
      return () => set.delete(fn as (p: unknown) => void);
    },
    connection(state) {
      listeners.get('$connection')?.forEach((fn) => fn(state));
    },
    close() {
      api.closed = true;
    },
  };
  return api;
}
