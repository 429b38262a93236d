/**
 * The socket.io handshake guard: a token in `auth: { token }` and, for browsers,
 * an allowed Origin. WebSocket upgrades skip CORS, so the origin is checked here
 * for every transport. Errors carry `data.code` so clients can tell why.
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'socket.io';
import type { TokenVerifier } from './token-store.ts';
import type { Logger } from '../app/logger.ts';

export class HandshakeError extends Error {
  readonly data: { code: 'unauthorized'; message: string };
  constructor(message: string) {
    super(message);
    this.data = { code: 'unauthorized', message };
  }
}

/** `allowRequest` for the engine: non-browser clients (no Origin header) are let through. */
export function originGuard(allowed: readonly string[], log: Logger) {
  const set = new Set(allowed.map((o) => o.replace(/\/$/, '').toLowerCase()));
  return (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void) => {
    const origin = req.headers.origin;
    if (origin === undefined || set.has(origin.toLowerCase())) return callback(null, true);
    log.warn(`refused a connection from origin ${JSON.stringify(origin.slice(0, 200))} (not in ALLOWED_ORIGINS)`);
    callback('origin not allowed', false);
  };
}

export function tokenMiddleware(tokens: TokenVerifier, log: Logger) {
  return (socket: Socket, next: (err?: Error) => void) => {
    const raw: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
    if (raw === undefined || raw === null || raw === '') return next(new HandshakeError('no token: connect with auth: { token }'));
    tokens.verify(raw).then(
      (principal) => {
        if (!principal) return next(new HandshakeError('unknown or revoked token'));
        socket.data.principal = principal;
        next();
      },
      (err: unknown) => {
        // Never log the secret itself.
        log.error('token check failed', err);
        next(new HandshakeError('token check failed; try again'));
      },
    );
  };
}
