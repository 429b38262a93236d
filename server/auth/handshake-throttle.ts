/**
 * Per-address throttle for failed socket.io handshakes (no, unknown or revoked token): after
 * `limit` failures within `windowMs` an address is refused before its token is even read, until
 * its oldest failure in the window ages out. Successful handshakes cost nothing and undo nothing.
 * Pure and synchronous; time comes from `now`.
 *
 * Addresses: an IPv4-mapped IPv6 address counts as its IPv4 address, and IPv6 addresses count per
 * /64 (one host usually holds a whole /64). Memory is bounded: at most `maxAddresses` are tracked,
 * the stalest dropped first.
 *
 * Trade-off: devices behind one NAT share an address, so a flood from one of them throttles its
 * neighbours too, for at most one window; the widget retries by itself and gets back in then.
 */
import { isIPv6 } from 'node:net';

export interface ThrottleOptions {
  /** Failed handshakes an address may make within the window (default 20). */
  limit?: number;
  /** The window, in ms (default 60 s). */
  windowMs?: number;
  /** Addresses tracked at most (default 10,000). */
  maxAddresses?: number;
  now?: () => number;
}

export const DEFAULT_THROTTLE = { limit: 20, windowMs: 60_000, maxAddresses: 10_000 } as const;

/** The key an address is counted under. */
export function addressKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

export class HandshakeThrottle {
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly maxAddresses: number;
  private readonly now: () => number;
  /** key → times of its failures within the window, oldest first. */
  private readonly failures = new Map<string, number[]>();

  constructor(opts: ThrottleOptions = {}) {
    this.limit = Math.max(1, opts.limit ?? DEFAULT_THROTTLE.limit);
    this.windowMs = Math.max(1, opts.windowMs ?? DEFAULT_THROTTLE.windowMs);
    this.maxAddresses = Math.max(1, opts.maxAddresses ?? DEFAULT_THROTTLE.maxAddresses);
    this.now = opts.now ?? Date.now;
  }

  private recent(key: string, t: number): number[] {
    const times = this.failures.get(key);
    if (!times) return [];
    while (times.length > 0 && times[0]! <= t - this.windowMs) times.shift();
    if (times.length === 0) this.failures.delete(key);
    return times;
  }

  /** 0 when this address may try; otherwise how many ms until it may. */
  retryAfterMs(address: string | undefined): number {
    const t = this.now();
    const times = this.recent(addressKey(address), t);
    return times.length < this.limit ? 0 : Math.max(1, times[times.length - this.limit]! + this.windowMs - t);
  }

  /** Records a failed handshake from this address. */
  failed(address: string | undefined): void {
    const t = this.now();
    const key = addressKey(address);
    const times = this.recent(key, t);
    // Re-inserted at the end: the Map's order is then stalest first.
    this.failures.delete(key);
    times.push(t);
    if (times.length > this.limit) times.splice(0, times.length - this.limit);
    this.failures.set(key, times);
    if (this.failures.size > this.maxAddresses) this.failures.delete(this.failures.keys().next().value!);
  }

  /** Addresses tracked now (for tests and diagnostics). */
  get size(): number {
    return this.failures.size;
  }
}
