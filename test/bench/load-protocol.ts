/** Messages between the bench's main process and its load-client processes (over fork IPC). */

export interface ConnectCmd {
  type: 'connect';
  url: string;
  count: number;
  /** Socket i authenticates with tokens[i % tokens.length]; empty = no auth (echo server). */
  tokens: string[];
  /** Seed for descriptions, so each client process sends different but reproducible text. */
  seed: number;
  /** Sockets are kept per group, so one pool can hold connections to several servers (default ''). */
  group?: string;
}

export interface RunCmd {
  type: 'run';
  event: string;
  /** Requests per second from this process, spread round-robin over its sockets. */
  rate: number;
  warmupMs: number;
  durationMs: number;
  timeoutMs: number;
  /** Which group of sockets sends (default ''). */
  group?: string;
  /** Send these descriptions in turn instead of random ones (no context). */
  texts?: string[];
}

export type ToClient = ConnectCmd | RunCmd | { type: 'close' };

export interface Connected {
  type: 'connected';
  connected: number;
  failed: number;
  /** A few distinct connect errors, to say why. */
  errors: string[];
}

export interface RunDone {
  type: 'done';
  /** Latencies (ms) of requests sent after the warm-up; timeouts count as timeoutMs. */
  latencies: number[];
  sent: number;
  ok: number;
  /** ok:false acks by error code. */
  codes: Record<string, number>;
  timeouts: number;
  /** Requests actually sent per second in the measured window (the generator may lag). */
  achievedRate: number;
  /** Measured ok acks by the recommendation's rule_id ('fallback' when none), when the ack has one. */
  rules: Record<string, number>;
}

export type FromClient = Connected | RunDone | { type: 'closed' };
