/**
 * The socket.io handshake guard: a token in `auth: { token }` and, for browsers,
 * an allowed Origin. WebSocket upgrades skip CORS, so the origin is checked here
 * for every transport. Errors carry `data.code` so clients can tell why.
 *
 * Failed handshakes (no, unknown or revoked token) are throttled per address
 * (handshake-throttle.ts): past the limit an address is refused before its token is read,
 * and a refused client retries by itself once the window has passed. Refused origins are not
 * throttled: they cost nothing and guess nothing (a non-browser sends no Origin at all). Every
 * refusal goes to the server's output through one tally: the first of a spell in full, then one
 * line per period, e.g. "refused 812 more handshakes in the last 60 s from 3 addresses
 * (bad token 800, origin 12)".
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'socket.io';
import type { TokenVerifier } from './token-store.ts';
import { addressKey, HandshakeThrottle, type ThrottleOptions } from './handshake-throttle.ts';
import { warningTally, type Logger, type TallySummary } from '../app/logger.ts';

export class HandshakeError extends Error {
  readonly data: { code: 'unauthorized'; message: string };
  constructor(message: string) {
    super(message);
    this.data = { code: 'unauthorized', message };
  }
}

export interface HandshakeOptions {
  /** Failed-handshake throttle per address; `false` turns it off. */
  throttle?: ThrottleOptions | false;
  /** How often a flood of refusals is summarised in the output (default 60 s). */
  summaryEveryMs?: number;
}

export interface HandshakeGuard {
  /** socket.io's `allowRequest`: throttled addresses and foreign origins stop here. */
  allowRequest(req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void): void;
  /** socket.io middleware: the token. */
  middleware(socket: Socket, next: (err?: Error) => void): void;
  /** Writes the pending summary of refusals now. */
  flush(): void;
  close(): void;
}

export const REFUSAL_SUMMARY_MS = 60_000;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function summariseRefusals(s: TallySummary): string {
  const secs = Math.max(1, Math.round(s.ms / 1000));
  const kinds = s.byKind.map(([k, n]) => `${k} ${n}`).join(', ');
  return `refused ${plural(s.total, 'more handshake', 'more handshakes')} in the last ${secs} s from ${s.capped ? 'over ' : ''}${plural(s.sources, 'address', 'addresses')} (${kinds})`;
}

export function handshakeGuard(allowedOrigins: readonly string[], tokens: TokenVerifier, log: Logger, opts: HandshakeOptions = {}): HandshakeGuard {
  const origins = new Set(allowedOrigins.map((o) => o.replace(/\/$/, '').toLowerCase()));
  const throttle = opts.throttle === false ? null : new HandshakeThrottle(opts.throttle);
  const tally = warningTally(log, { everyMs: opts.summaryEveryMs ?? REFUSAL_SUMMARY_MS, summary: summariseRefusals });

  /** A token refused: counts against the address, and is told once in a while. */
  function tokenRefused(address: string | undefined, kind: 'no token' | 'bad token', why: string): HandshakeError {
    throttle?.failed(address);
    tally.add(kind, addressKey(address), () => `refused a handshake from ${addressKey(address)}: ${why} (further refusals are summarised)`);
    return new HandshakeError(why);
  }

  return {
    allowRequest(req, callback) {
      const address = req.socket.remoteAddress;
      const wait = throttle?.retryAfterMs(address) ?? 0;
      if (wait > 0) {
        const secs = Math.ceil(wait / 1000);
        tally.add('throttled', addressKey(address), () => `refused a handshake from ${addressKey(address)}: too many failed handshakes; throttled for ${secs} s (further refusals are summarised)`);
        return callback(`too many failed handshakes from this address; retry in ${secs} s`, false);
      }
      const origin = req.headers.origin;
      if (origin === undefined || origins.has(origin.toLowerCase())) return callback(null, true);
      tally.add('origin', addressKey(address), () => `refused a connection from origin ${JSON.stringify(origin.slice(0, 200))} (not in ALLOWED_ORIGINS; further refusals are summarised)`);
      callback('origin not allowed', false);
    },

    middleware(socket, next) {
      const address = socket.handshake.address;
      const raw: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
      if (raw === undefined || raw === null || raw === '') return next(tokenRefused(address, 'no token', 'no token: connect with auth: { token }'));
      tokens.verify(raw).then(
        (principal) => {
          if (!principal) return next(tokenRefused(address, 'bad token', 'unknown or revoked token'));
          socket.data.principal = principal;
          next();
        },
        (err: unknown) => {
          // Our failure, not the client's: not counted against the address. Never log the secret itself.
          log.error('token check failed', err);
          next(new HandshakeError('token check failed; try again'));
        },
      );
    },

    flush: () => tally.flush(),
    close: () => tally.close(),
  };
}
