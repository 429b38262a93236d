/** How hard and how long each phase pushes. One place, so the 3-minute budget is easy to see. */
export interface LoadPlan {
  event: string;
  clients: number;
  clientProcesses: number;
  /** Total requests per second across all clients. */
  rate: number;
  warmupMs: number;
  durationMs: number;
  /**
   * A separate, unmeasured run at half the rate first: a fresh server spends its first seconds
   * compiling hot code, and the backlog that builds then would still be draining inside the
   * measured window. Echo gets the same, so the comparison stays fair.
   */
  primeMs: number;
}

export const STEADY: LoadPlan = {
  event: 'recovery:recommend',
  clients: 1_000,
  clientProcesses: 2,
  rate: 1_000,
  warmupMs: 2_000,
  durationMs: 10_000,
  primeMs: 4_000,
};

/**
 * max_rate_per_s: steps up from the steady rate until p99 reaches the limit; when the steady
 * rate itself misses, steps up from `below` instead (same 1,000 clients).
 */
export const STEPS = {
  rates: [1_500, 2_000, 3_000, 4_000, 6_000, 8_000],
  below: [100, 250, 500, 750],
  warmupMs: 1_000,
  durationMs: 4_000,
  p99LimitMs: 50,
  settleMs: 3_000,
} as const;

/** 10,000 idle widgets; 40 share each staff token (a desk's devices), which keeps the handshake cheap. */
export const IDLE = { connections: 10_000, clientProcesses: 4, tokens: 250, settleMs: 3_000 } as const;

export const LOG = { seconds: 6, concurrency: 16, big: 1_000_000, small: 1_000 } as const;
