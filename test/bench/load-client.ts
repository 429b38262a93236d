/**
 * A load-client process (dist/bench/load-client.js, forked by main). Holds many real
 * socket.io-client connections and sends open-loop traffic at a fixed rate: requests go out on
 * schedule whether or not earlier ones were answered, so a slow server shows up as latency
 * instead of silently lowering the load.
 */
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { context, description, rng } from './descriptions.ts';
import type { ConnectCmd, FromClient, RunCmd, ToClient } from './load-protocol.ts';

const groups = new Map<string, Socket[]>();
let seed = 1;
const send = (m: FromClient) => process.send?.(m);

function connectOne(url: string, token: string | undefined): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      timeout: 20_000,
      ...(token ? { auth: { token } } : {}),
    });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

async function connectAll(cmd: ConnectCmd): Promise<void> {
  seed = cmd.seed;
  const group = cmd.group ?? '';
  const sockets = groups.get(group) ?? [];
  groups.set(group, sockets);
  const errors = new Set<string>();
  let failed = 0;
  let next = 0;
  // A bounded number of handshakes in flight: a storm of 5,000 at once measures the kernel's
  // accept queue, not the server.
  const worker = async () => {
    while (next < cmd.count) {
      const i = next++;
      try {
        sockets.push(await connectOne(cmd.url, cmd.tokens.length ? cmd.tokens[i % cmd.tokens.length] : undefined));
      } catch (err) {
        failed++;
        if (errors.size < 5) errors.add(err instanceof Error ? err.message : String(err));
      }
    }
  };
  await Promise.all(Array.from({ length: 64 }, worker));
  // This call's new connections (the group may already hold earlier ones).
  send({ type: 'connected', connected: cmd.count - failed, failed, errors: [...errors] });
}

async function run(cmd: RunCmd): Promise<void> {
  const r = rng(seed++);
  const sockets = groups.get(cmd.group ?? '') ?? [];
  const rules: Record<string, number> = {};
  const latencies: number[] = [];
  const codes: Record<string, number> = {};
  let sent = 0;
  let measuredSent = 0;
  let ok = 0;
  let timeouts = 0;
  let outstanding = 0;
  let lastSend = 0;
  const total = Math.round((cmd.rate * (cmd.warmupMs + cmd.durationMs)) / 1000);
  const start = performance.now();
  const measureFrom = start + cmd.warmupMs;
  const tag = `${process.pid}-${Date.now().toString(36)}`;

  await new Promise<void>((resolve) => {
    const finishIfDone = () => {
      if (sent >= total && outstanding === 0) {
        clearInterval(timer);
        resolve();
      }
    };
    const fire = () => {
      const socket = sockets[sent % sockets.length]!;
      const text = cmd.texts?.length ? cmd.texts[sent % cmd.texts.length] : undefined;
      const payload = { requestId: `${tag}-${sent}`, description: text ?? description(r), context: text === undefined ? context(r) : undefined };
      if (payload.context === undefined) delete payload.context;
      const t0 = performance.now();
      const measured = t0 >= measureFrom;
      if (measured) {
        measuredSent++;
        lastSend = t0;
      }
      sent++;
      outstanding++;
      type Ack = { ok?: boolean; error?: { code?: string }; data?: { recommendation?: { rule_id?: string | null } } | null };
      socket.timeout(cmd.timeoutMs).emit(cmd.event, payload, (err: unknown, res: Ack) => {
        outstanding--;
        if (measured) {
          if (err) {
            timeouts++;
            latencies.push(cmd.timeoutMs);
          } else {
            latencies.push(performance.now() - t0);
            if (res?.ok === true) {
              ok++;
              const rec = res.data?.recommendation;
              if (rec) {
                const id = rec.rule_id ?? 'fallback';
                rules[id] = (rules[id] ?? 0) + 1;
              }
            } else {
              const code = res?.error?.code ?? 'malformed_ack';
              codes[code] = (codes[code] ?? 0) + 1;
            }
          }
        }
        finishIfDone();
      });
    };
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - start) * cmd.rate) / 1000));
      while (sent < due) fire();
      finishIfDone();
    }, 1);
  });
  // The rate the generator really kept up over the measured window, not counting the wait for the last acks.
  const windowS = (lastSend - measureFrom) / 1000;
  send({ type: 'done', latencies, sent: measuredSent, ok, codes, timeouts, achievedRate: measuredSent / Math.max(windowS, 1e-3), rules });
}

process.on('message', (msg: ToClient) => {
  if (msg.type === 'connect') void connectAll(msg);
  else if (msg.type === 'run') void run(msg);
  else if (msg.type === 'close') {
    for (const sockets of groups.values()) for (const s of sockets) s.close();
    groups.clear();
    send({ type: 'closed' });
    setTimeout(() => process.exit(0), 50);
  }
});
// The parent going away must not leave thousands of sockets behind.
process.on('disconnect', () => process.exit(0));
