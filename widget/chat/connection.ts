/**
 * The widget's one socket. `request` resolves only with an ack from the server: on an ack
 * timeout or a dropped connection it sends the very same payload again (same requestId, so
 * the server's idempotency turns the retry into a no-op), waiting for the connection first.
 */
import { io, type Socket } from 'socket.io-client';
import type {
  Ack, ClientToServerEvents, ErrorCode, ServerToClientEvents, WireError,
} from '../../server/contract/index.ts';
import { en } from './messages.ts';
import type { Status } from './store.ts';

type Events = 'recovery:recommend' | 'recovery:decide' | 'recovery:correct' | 'rules:list';
type Payload<E extends Events> = Parameters<ClientToServerEvents[E]>[0];
type Reply<E extends Events> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];

export interface Connection {
  /** `wanted` is asked before every attempt: a request cleared from the conversation is dropped. */
  request<E extends Events>(event: E, payload: Payload<E>, wanted?: () => boolean): Promise<Reply<E>>;
  close(): void;
}

export interface ConnectionHandlers {
  status(status: Status, refused?: WireError): void;
  approval(e: Parameters<ServerToClientEvents['approval:decided']>[0]): void;
}

export interface ConnectionOptions {
  ackTimeoutMs?: number;
  /** Pause before re-sending after a timeout on a live connection. */
  retryMs?: number;
  /** Failed reconnect attempts before the status says offline rather than reconnecting. */
  offlineAfter?: number;
}

/** The wire's error codes are exactly the keys of the error messages (messages.test checks it). */
const known = (code: unknown): code is ErrorCode => typeof code === 'string' && en.errors.hasOwnProperty(code);

/** Anything the server sends back is checked before the UI trusts it. */
export function asAck(x: unknown): Ack<any> {
  const a = x as Ack<any> | null;
  if (a && a.ok === true && typeof a.data === 'object' && a.data) return a;
  if (a && a.ok === false && a.error && known(a.error.code)) return { ok: false, error: { code: a.error.code, message: String(a.error.message ?? '') } };
  return { ok: false, error: { code: 'internal', message: 'bad reply' } };
}

export function connect(url: string, token: string, on: ConnectionHandlers, opts: ConnectionOptions = {}): Connection {
  const { ackTimeoutMs = 8000, retryMs = 1000, offlineAfter = 2 } = opts;
  // socket.io's own reconnection (1 s doubling to 5 s, randomised) is what we want at a front desk.
  // Long-polling first, upgraded to WebSocket: a network that blocks WebSockets still works.
  // WebTransport is left out of widget.js (server/build.mjs), so it is not asked for either.
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, { auth: { token }, transports: ['polling', 'websocket'] });
  let waiting: (() => void)[] = [];
  let failures = 0;
  let closed = false;

  socket.on('connect', () => {
    failures = 0;
    on.status('connected');
    const run = waiting;
    waiting = [];
    run.forEach((f) => f());
  });
  socket.on('disconnect', (reason) => {
    on.status('reconnecting');
    // socket.io does not come back by itself after a server-side disconnect; the handshake will
    // tell us if the token was revoked meanwhile.
    if (reason === 'io server disconnect' && !closed) socket.connect();
  });
  // A device that lost its network fails reconnect attempts at once, so "offline" follows
  // within `offlineAfter` attempts without watching navigator.onLine.
  socket.on('connect_error', (err: Error & { data?: { code?: unknown } }) => {
    failures++;
    // The server's middleware refused us (bad token): socket.io will not retry, and neither do we.
    if (!socket.active) {
      const code = known(err.data?.code) ? err.data.code : 'unauthorized';
      on.status('offline', { code, message: err.message });
    } else on.status(failures >= offlineAfter ? 'offline' : 'reconnecting');
  });
  socket.on('approval:decided', (e) => on.approval(e));

  function request<E extends Events>(event: E, payload: Payload<E>, wanted = () => true): Promise<Reply<E>> {
    return new Promise((resolve) => {
      const attempt = () => {
        if (closed || !wanted()) return;
        if (!socket.connected) return void waiting.push(attempt);
        const emit = socket.timeout(ackTimeoutMs).emit as (e: E, p: Payload<E>, cb: (err: Error | null, res: unknown) => void) => void;
        emit.call(socket, event, payload, (err, res) => {
          if (!err) return resolve(asAck(res) as Reply<E>);
          if (socket.connected) setTimeout(attempt, retryMs);
          else waiting.push(attempt);
        });
      };
      attempt();
    });
  }

  return {
    request,
    close() {
      closed = true;
      waiting = [];
      socket.close();
    },
  };
}
