/**
 * The console's one door to the server: typed requests that always resolve to an Ack, and
 * typed live events. Components take a ConsoleApi, so tests can hand them an in-memory one.
 * Types only from the contract: nothing from the server is bundled.
 */
import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ServerToClientEvents, Hello, ClientEvent } from '../../server/contract/index.ts';

export type RequestOf<E extends ClientEvent> = Parameters<ClientToServerEvents[E]>[0];
export type DataOf<E extends ClientEvent> = Parameters<ClientToServerEvents[E]>[1] extends (a: Ack<infer T>) => void ? T : never;
export type Listener<E extends keyof ServerToClientEvents> = ServerToClientEvents[E];

export interface ConsoleApi {
  request<E extends ClientEvent>(event: E, payload: RequestOf<E>): Promise<Ack<DataOf<E>>>;
  /** Subscribes; returns the unsubscribe. */
  on<E extends keyof ServerToClientEvents>(event: E, fn: Listener<E>): () => void;
  /** Connection changes after sign-in: 'down' while reconnecting, 'refused' when the token stopped working. */
  onConnection(fn: (state: ConnectionState) => void): () => void;
  close(): void;
}

export type ConnectionState = 'up' | 'down' | 'refused';

const REQUEST_TIMEOUT_MS = 15_000;

type ConsoleSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function socketApi(socket: ConsoleSocket): ConsoleApi {
  return {
    async request(event, payload) {
      try {
        // socket.io's event map cannot be narrowed per call here; the signature above is the check.
        const timed = socket.timeout(REQUEST_TIMEOUT_MS) as unknown as { emitWithAck(e: string, p: unknown): Promise<unknown> };
        const res = await timed.emitWithAck(event, payload);
        if (res && typeof res === 'object' && 'ok' in res) return res as never;
        return { ok: false, error: { code: 'internal', message: 'The server sent an answer the console does not understand.' } };
      } catch {
        return { ok: false, error: { code: 'unavailable', message: 'No answer from the server (connection lost or too slow). Try again.' } };
      }
    },
    on(event, fn) {
      socket.on(event, fn as never);
      return () => socket.off(event, fn as never);
    },
    onConnection(fn) {
      const up = () => fn('up');
      const down = () => fn('down');
      const refused = (err: Error) => {
        if (!/unauthori[sz]ed|revoked|token/i.test(err.message)) return; // network trouble: keep retrying
        socket.disconnect();
        fn('refused');
      };
      socket.on('connect', up);
      socket.on('disconnect', down);
      socket.on('connect_error', refused);
      return () => {
        socket.off('connect', up);
        socket.off('disconnect', down);
        socket.off('connect_error', refused);
      };
    },
    close() {
      socket.disconnect();
    },
  };
}

export type Connected = { ok: true; api: ConsoleApi; hello: Hello } | { ok: false; message: string };

/** Connects with a token and waits for session:hello. `url` defaults to this page's origin. */
export function connect(token: string, url?: string): Promise<Connected> {
  const socket: ConsoleSocket = url ? io(url, { auth: { token }, reconnection: true }) : io({ auth: { token }, reconnection: true });
  return new Promise((resolve) => {
    const done = (r: Connected) => {
      socket.off('connect_error', onError);
      clearTimeout(timer);
      if (!r.ok) socket.disconnect();
      resolve(r);
    };
    const onError = (err: Error) => {
      const text = err.message || 'connection refused';
      done({
        ok: false,
        message: /unauthori[sz]ed|token/i.test(text) ? 'That token was not accepted (unknown, revoked or mistyped).' : `Could not connect: ${text}`,
      });
    };
    const timer = setTimeout(() => done({ ok: false, message: 'The server did not answer. Is it running?' }), REQUEST_TIMEOUT_MS);
    socket.on('connect_error', onError);
    socket.once('session:hello', (hello) => done({ ok: true, api: socketApi(socket), hello }));
  });
}
