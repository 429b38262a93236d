/**
 * A pool of load-client processes aimed at one server: connect N sockets spread over the
 * processes, run a fixed total rate, merge what they measured.
 */
import { summarize, type LatencySummary } from './percentiles.ts';
import { nextMessage, startNode, type Proc } from './procs.ts';
import type { Connected, RunDone, ToClient } from './load-protocol.ts';

export interface RunResult extends LatencySummary {
  sent: number;
  ok: number;
  codes: Record<string, number>;
  timeouts: number;
  achievedRate: number;
  /** Ok acks by rule_id (recommendations only). */
  rules: Record<string, number>;
  /** The raw measured latencies, so alternating rounds can be merged before taking percentiles. */
  latencies: number[];
  /** Filled in by a phase that can read the server's CPU time. */
  serverCpuMsPerRequest?: number;
}

export class LoadPool {
  private constructor(private readonly procs: Proc[]) {}

  static start(script: string, processes: number): LoadPool {
    return new LoadPool(Array.from({ length: processes }, () => startNode(script, [], { ipc: true })));
  }

  private post(p: Proc, m: ToClient): void {
    p.child.send(m);
  }

  /** Connects `count` sockets in total; returns how many made it and why others did not. */
  async connect(url: string, count: number, tokens: string[], seed = 1, group = ''): Promise<Connected> {
    const n = this.procs.length;
    const replies = await Promise.all(
      this.procs.map((p, i) => {
        const reply = nextMessage<Connected>(p.child, 'connected', 120_000);
        const share = Math.floor(count / n) + (i < count % n ? 1 : 0);
        // Each process gets its own slice of tokens so per-token rates stay even.
        const mine = tokens.filter((_, t) => t % n === i);
        this.post(p, { type: 'connect', url, count: share, tokens: mine.length ? mine : tokens, seed: seed * 100 + i, group });
        return reply;
      }),
    );
    return {
      type: 'connected',
      connected: replies.reduce((a, r) => a + r.connected, 0),
      failed: replies.reduce((a, r) => a + r.failed, 0),
      errors: [...new Set(replies.flatMap((r) => r.errors))],
    };
  }

  async run(
    event: string,
    totalRate: number,
    warmupMs: number,
    durationMs: number,
    timeoutMs = 5_000,
    opts: { group?: string; texts?: string[] } = {},
  ): Promise<RunResult> {
    const n = this.procs.length;
    const replies = await Promise.all(
      this.procs.map((p) => {
        const reply = nextMessage<RunDone>(p.child, 'done', warmupMs + durationMs + timeoutMs + 30_000);
        this.post(p, { type: 'run', event, rate: totalRate / n, warmupMs, durationMs, timeoutMs, ...opts });
        return reply;
      }),
    );
    const codes: Record<string, number> = {};
    for (const r of replies) for (const [k, v] of Object.entries(r.codes)) codes[k] = (codes[k] ?? 0) + v;
    const rules: Record<string, number> = {};
    for (const r of replies) for (const [k, v] of Object.entries(r.rules ?? {})) rules[k] = (rules[k] ?? 0) + v;
    return {
      ...summarize(replies.flatMap((r) => r.latencies)),
      sent: replies.reduce((a, r) => a + r.sent, 0),
      ok: replies.reduce((a, r) => a + r.ok, 0),
      codes,
      timeouts: replies.reduce((a, r) => a + r.timeouts, 0),
      achievedRate: replies.reduce((a, r) => a + r.achievedRate, 0),
      rules,
      latencies: replies.flatMap((r) => r.latencies),
    };
  }

  async close(): Promise<void> {
    await Promise.all(
      this.procs.map(async (p) => {
        if (p.child.connected) {
          const bye = nextMessage(p.child, 'closed', 10_000).catch(() => undefined);
          this.post(p, { type: 'close' });
          await bye;
        }
        await p.stop();
      }),
    );
  }
}
