/**
 * Per-token token bucket: `burst` events at once, refilled at `perSecond`.
 * Pure apart from the clock, which tests may pass in.
 */
export interface RateLimit {
  burst: number;
  perSecond: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { burst: 60, perSecond: 5 };

export interface RateLimiter {
  /** Takes one token from the key's bucket; false when empty. */
  take(key: string): boolean;
}

export function createRateLimiter(limit: RateLimit | false, now: () => number = Date.now): RateLimiter {
  if (!limit) return { take: () => true };
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key) {
      const t = now();
      const b = buckets.get(key) ?? { tokens: limit.burst, at: t };
      b.tokens = Math.min(limit.burst, b.tokens + ((t - b.at) / 1000) * limit.perSecond);
      b.at = t;
      buckets.set(key, b);
      if (b.tokens < 1) return false;
      b.tokens -= 1;
      return true;
    },
  };
}
