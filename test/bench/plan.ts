/** How hard and how long each phase pushes. One place, so the 4-minute budget is easy to see. */
import type { StepRule } from './rate-steps.ts';

/**
 * The recommend phase (phase-recommend.ts): the durable echo, makegood and (at the first load)
 * the bare echo, alternating, `rounds` runs of each per load; then max_rate_per_s by steps.
 */
export interface FloorsPlan {
  event: string;
  clients: number;
  clientProcesses: number;
  /** Total requests per second; figures without a suffix are at the first, `_3k` ones at the second. */
  loads: number[];
  rounds: number;
  warmupMs: number;
  durationMs: number;
  /** An unmeasured run at half the first load on each server first: a fresh server compiles its hot code. */
  primeMs: number;
  steps: StepRule;
  stepWarmupMs: number;
  stepDurationMs: number;
  p99LimitMs: number;
  /** Pause after a failed step, so the backlog drains before the next run. */
  settleMs: number;
  /** At most this many step runs in all (both servers, retries included): the 4-minute budget. */
  maxStepRuns: number;
}

export const FLOORS: FloorsPlan = {
  event: 'recovery:recommend',
  clients: 1_000,
  clientProcesses: 2,
  loads: [1_000, 3_000],
  rounds: 2,
  warmupMs: 1_000,
  durationMs: 3_000,
  primeMs: 3_000,
  steps: { factor: 1.5, min: 250, max: 12_000, resolution: 0.2, roundTo: 250, refinements: 1 },
  stepWarmupMs: 500,
  stepDurationMs: 2_500,
  p99LimitMs: 50,
  settleMs: 1_500,
  maxStepRuns: 12,
};

/** 10,000 idle widgets; 40 share each staff token (a desk's devices), which keeps the handshake cheap. */
export interface IdlePlan {
  connections: number;
  clientProcesses: number;
  tokens: number;
  settleMs: number;
}

export const IDLE: IdlePlan = { connections: 10_000, clientProcesses: 4, tokens: 250, settleMs: 3_000 };

export interface LogPlan {
  seconds: number;
  concurrency: number;
  big: number;
  small: number;
  /** The second size for rss_mb_per_million. */
  huge: number;
}

export const LOG: LogPlan = { seconds: 6, concurrency: 16, big: 1_000_000, small: 1_000, huge: 3_000_000 };

/** The alert-window phase (phase-quorum.ts). */
export interface QuorumPlan {
  failures: number;
  /** Requests per second during the alternating runs (tokens are added to stay under the per-token limit). */
  rate: number;
  rounds: number;
  primeMs: number;
  warmupMs: number;
  durationMs: number;
  /** The first start must finish (the p50s need it); the restart is only timed, and capped lower. */
  firstStartTimeoutMs: number;
  startTimeoutMs: number;
  /** Texts that must go to the alert's rule, and texts that must go to a rule without alerts (the phase checks). */
  alertTexts: string[];
  otherTexts: string[];
}

export const QUORUM: QuorumPlan = {
  failures: 100_000,
  rate: 200,
  rounds: 2,
  primeMs: 2_000,
  warmupMs: 500,
  durationMs: 3_000,
  firstStartTimeoutMs: 180_000,
  startTimeoutMs: 60_000,
  alertTexts: [
    'the parts for the booked repair were never ordered and the car cant be fixed today',
    'nobody ordered the parts for his brake job, he came in for nothing',
    'parts not ordered again, the repair has to wait',
  ],
  otherTexts: ['steak was cold and overcooked, sent it back twice', 'the soup came out cold', 'her pasta was stone cold when it arrived'],
};

/** The rules-reload phase (phase-reload.ts). */
export interface ReloadPlan {
  rules: number;
  pingMs: number;
  /** Stop waiting for the new rules after this long (figures are then lower bounds). */
  maxWaitMs: number;
  checkTimeoutMs: number;
}

export const RELOAD: ReloadPlan = { rules: 10_000, pingMs: 5, maxWaitMs: 30_000, checkTimeoutMs: 30_000 };

/**
 * `--quick`: every phase at toy sizes, to check the bench itself works (seconds, not minutes).
 * Its figures mean nothing; the fixtures it caches have their own names.
 */
export const QUICK = {
  floors: {
    ...FLOORS,
    clients: 100,
    loads: [200, 400],
    rounds: 2,
    warmupMs: 300,
    durationMs: 1_000,
    primeMs: 1_000,
    steps: { ...FLOORS.steps, max: 800, refinements: 0 },
    stepWarmupMs: 300,
    stepDurationMs: 1_000,
    settleMs: 300,
    maxStepRuns: 4,
    // A loose limit, so the stepping itself runs even on a busy machine.
    p99LimitMs: 5_000,
  } satisfies FloorsPlan,
  idle: { connections: 300, clientProcesses: 2, tokens: 30, settleMs: 1_000 } satisfies IdlePlan,
  log: { seconds: 1, concurrency: 16, big: 20_000, small: 1_000, huge: 60_000 } satisfies LogPlan,
  quorum: { ...QUORUM, failures: 5_000, rate: 40, primeMs: 500, durationMs: 1_000, warmupMs: 200 } satisfies QuorumPlan,
  reload: { ...RELOAD, rules: 300, maxWaitMs: 20_000, checkTimeoutMs: 30_000 } satisfies ReloadPlan,
};
