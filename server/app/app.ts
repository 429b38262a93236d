/**
 * The recovery server: socket.io on a given http server, with every dependency
 * passed in (socket.io example style). Wiring only: auth, rooms, the guard every
 * event goes through, and the list of feature modules.
 */
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { CLIENT_EVENTS, EVENT_ROLES, type ClientEvent } from '../contract/events.ts';
import { fail, ok, MakegoodError, type Ack } from '../contract/errors.ts';
import type { Principal } from '../contract/roles.ts';
import type { RecoveryLogStore } from '../log/store.ts';
import type { TokenVerifier } from '../auth/token-store.ts';
import { handshakeGuard, type HandshakeOptions } from '../auth/socket-auth.ts';
import { createContext } from './create-context.ts';
import type { AppContext, AppSettings, IoServer, IoSocket } from './context.ts';
import { rooms } from './context.ts';
import type { Feature, FeatureFactory, Handler } from './feature.ts';
import { consoleLogger, type Logger } from './logger.ts';
import { parsePayload } from './payloads.ts';
import { createRateLimiter, DEFAULT_RATE_LIMIT, type RateLimit } from './rate-limit.ts';
import type { RulesSource } from './rules-source.ts';
import { recoveryFeature } from './recovery-feature.ts';
import { approvalFeature } from './approval-feature.ts';
import { liveFeature } from './live-feature.ts';
import { logReadFeature } from './log-read-feature.ts';
import { rulesFeature } from './rules-feature.ts';
import { consoleFeature } from './console-feature.ts';
import { alertsFeature } from './alerts-feature.ts';
import { proofFeature } from './proof-feature.ts';
import { correctionFeature } from './correction-feature.ts';
import { failuresFeature } from './failures-feature.ts';

/**
 * Every feature of the server, in start order. To add one, import its factory
 * and add it here (one line); its handlers get the guard below for free.
 */
export const FEATURES: FeatureFactory[] = [
  liveFeature,
  rulesFeature,
  recoveryFeature,
  approvalFeature,
  logReadFeature,
  consoleFeature,
  alertsFeature,
  proofFeature,
  correctionFeature,
  failuresFeature,
];

export interface AppDeps {
  store: RecoveryLogStore;
  rules: RulesSource;
  tokens: TokenVerifier;
  /** Browser origins allowed to connect; requests without an Origin header (non-browsers) pass. */
  allowedOrigins: readonly string[];
  settings?: AppSettings;
  logger?: Logger;
  rateLimit?: RateLimit | false;
  /** Largest accepted frame in bytes (default 16 KB). */
  maxHttpBufferSize?: number;
  features?: FeatureFactory[];
  /** Failed-handshake throttle and how often refusals are summarised (socket-auth.ts). */
  handshakes?: HandshakeOptions;
}

export interface Application {
  io: IoServer;
  ctx: AppContext;
  /** Refused handshakes are summarised periodically; flush() writes the pending summary now. */
  handshakes: { flush(): void };
  /** Closes features and socket.io (and with it the http server). The store is the caller's. */
  close(): Promise<void>;
}

export const MAX_FRAME_BYTES = 16 * 1024;

export async function createApplication(httpServer: HttpServer, deps: AppDeps): Promise<Application> {
  const log = deps.logger ?? consoleLogger;
  const guard = handshakeGuard(deps.allowedOrigins, deps.tokens, log, deps.handshakes);
  const io: IoServer = new Server(httpServer, {
    maxHttpBufferSize: deps.maxHttpBufferSize ?? MAX_FRAME_BYTES,
    allowRequest: guard.allowRequest,
    cors: { origin: [...deps.allowedOrigins], credentials: false },
    serveClient: false,
    // Said out loud, not left to defaults: compressing ~1 KB frames costs more CPU than it saves,
    // and a socket that has used deflate keeps zlib contexts of a few hundred KB (idle widgets must stay small).
    perMessageDeflate: false,
  });
  io.use(guard.middleware);

  const ctx = createContext(io, deps.store, deps.rules, deps.settings ?? {}, log);
  const features: Feature[] = [];
  for (const make of deps.features ?? FEATURES) features.push(await make(ctx));
  const handlers = new Map<ClientEvent, Handler<ClientEvent>>();
  for (const f of features) {
    for (const [event, handler] of Object.entries(f.handlers ?? {})) {
      if (handlers.has(event as ClientEvent)) throw new Error(`two features handle "${event}" (second: ${f.name})`);
      handlers.set(event as ClientEvent, handler as Handler<ClientEvent>);
    }
  }
  const limiter = createRateLimiter(deps.rateLimit ?? DEFAULT_RATE_LIMIT);

  async function dispatch(event: ClientEvent, principal: Principal, raw: unknown, socketId: string): Promise<Ack<unknown>> {
    if (!limiter.take(principal.token_id)) return fail('rate_limited', 'too many requests; wait a moment and retry');
    try {
      // Revoked sockets are cut when the store learns of it (below); this catches an event
      // that raced the cut.
      if (!deps.tokens.isActive(principal.token_id)) {
        // After this answer is sent, so the client learns why.
        setImmediate(() => io.in(rooms.token(principal.token_id)).disconnectSockets(true));
        return fail('unauthorized', 'this token was revoked');
      }
      if (!EVENT_ROLES[event].includes(principal.role)) return fail('forbidden', `${principal.role} may not use ${event}`);
      const handler = handlers.get(event);
      if (!handler) return fail('internal', `${event} is not available on this server`);
      const payload = parsePayload(event, raw);
      return ok(await handler(principal, payload as never, { socketId }));
    } catch (err) {
      if (err instanceof MakegoodError) return fail(err.code, err.message, err.path);
      log.error(`internal error in ${event} (token ${principal.token_id})`, err);
      return fail('internal', 'something went wrong on the server; it has been logged');
    }
  }

  // A revoke (CLI or API) cuts that token's live sockets at once, not at their next event.
  const offRevoked = deps.tokens.onRevoked?.((ids) => {
    for (const id of ids) io.in(rooms.token(id)).disconnectSockets(true);
  });

  const known = new Set<string>(CLIENT_EVENTS);

  // One listener shared by every socket (socket.io calls it with the socket as `this`):
  // no per-socket closures, which matters at 10,000 idle connections. Unknown events are ignored.
  function onEvent(this: IoSocket, event: unknown, ...args: unknown[]): void {
    if (typeof event !== 'string' || !known.has(event)) return;
    const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (a: Ack<unknown>) => void) : null;
    void dispatch(event as ClientEvent, this.data.principal, args[0], this.id).then((answer) => {
      try {
        ack?.(answer);
      } catch (err) {
        log.error(`ack for ${event} failed`, err);
      }
    });
  }

  io.on('connection', (socket) => {
    const principal = socket.data.principal;
    void socket.join(rooms.token(principal.token_id));
    if (principal.role === 'manager') {
      void socket.join([rooms.allManagers, ...principal.locations.map(rooms.managersOf)]);
    }
    socket.emit('session:hello', { principal, rules: ctx.rulesStatus() });
    // Untyped on purpose: clients may send anything; dispatch validates.
    socket.onAny(onEvent as never);
  });

  return {
    io,
    ctx,
    handshakes: { flush: guard.flush },
    async close() {
      offRevoked?.();
      guard.close();
      for (const f of features.reverse()) await f.close?.();
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
      });
    },
  };
}
