/**
 * The reload probe (dist/bench/reload-probe.js), its own process, one job:
 *   reload-probe URL TOKEN RULES_FILE NEW_FILE PING_MS MAX_WAIT_MS
 * Connects as staff, pings `rules:status` every PING_MS and sends a recommend every 50 ms.
 * After a second of that it saves NEW_FILE over RULES_FILE the way editors do (write a temp
 * file, rename it over), then watches until `rules:status` reports the new version (+1 s) or
 * MAX_WAIT_MS passes. Prints one JSON line:
 *   worst_gap_ms   longest time between two ping answers from the save on (a stall of the
 *                  server's event loop shows as a gap; the ping spacing itself is in it)
 *   live_ms        save → first answer with the new version (null: not within MAX_WAIT_MS)
 *   during         recommends sent between the save and that answer: ok under the old
 *                  version, ok under the new one, failed, unanswered (timed out)
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import { description, rng } from './descriptions.ts';

const [url, token, rulesFile, newFile, pingArg, waitArg] = process.argv.slice(2);
if (!url || !token || !rulesFile || !newFile) {
  console.error('usage: reload-probe URL TOKEN RULES_FILE NEW_FILE PING_MS MAX_WAIT_MS');
  process.exit(2);
}
const pingMs = Number(pingArg ?? 5);
const maxWaitMs = Number(waitArg ?? 30_000);

type Ack<T> = { ok: boolean; data?: T; error?: { code: string; message: string } };
const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token } });
await new Promise<void>((resolve, reject) => {
  socket.once('connect', () => resolve());
  socket.once('connect_error', reject);
});
const status = () =>
  new Promise<Ack<{ version: string }>>((resolve) =>
    socket.timeout(maxWaitMs + 10_000).emit('rules:status', {}, (err: unknown, res: Ack<{ version: string }>) => resolve(err ? { ok: false, error: { code: 'timeout', message: String(err) } } : res)),
  );
const first = await status();
if (!first.ok || !first.data) {
  console.error(`reload-probe: rules:status failed: ${JSON.stringify(first.error)}`);
  process.exit(1);
}
const oldVersion = first.data.version;
const newText = await readFile(newFile, 'utf8');

let savedAt: number | null = null;
let liveAt: number | null = null;
let lastAnswer = performance.now();
let worstGap = 0;
let worstGapBeforeSave = 0;
let reloadedEvent: number | null = null;
socket.on('rules:reloaded', () => {
  if (savedAt !== null && reloadedEvent === null) reloadedEvent = performance.now() - savedAt;
});

const pinger = setInterval(() => {
  void status().then((res) => {
    const now = performance.now();
    const gap = now - lastAnswer;
    lastAnswer = now;
    if (savedAt === null) worstGapBeforeSave = Math.max(worstGapBeforeSave, gap);
    else worstGap = Math.max(worstGap, gap);
    if (savedAt !== null && liveAt === null && res.ok && res.data && res.data.version !== oldVersion) liveAt = now;
  });
}, pingMs);

const during = { sent: 0, old: 0, new: 0, failed: 0, unanswered: 0, worst_ms: 0, codes: {} as Record<string, number> };
const r = rng(11);
let reqNo = 0;
const recommender = setInterval(() => {
  const inWindow = savedAt !== null && liveAt === null;
  if (inWindow) during.sent++;
  const t0 = performance.now();
  socket.timeout(maxWaitMs).emit('recovery:recommend', { requestId: `reload-${reqNo++}`, description: description(r) }, (err: unknown, res: Ack<{ recommendation: { rules_version: string } }>) => {
    if (!inWindow) return;
    during.worst_ms = Math.max(during.worst_ms, performance.now() - t0);
    if (err) during.unanswered++;
    else if (!res.ok) {
      during.failed++;
      const code = res.error?.code ?? 'malformed_ack';
      during.codes[code] = (during.codes[code] ?? 0) + 1;
    } else if (res.data?.recommendation.rules_version === oldVersion) during.old++;
    else during.new++;
  });
}, 50);

await new Promise((res) => setTimeout(res, 1_000));
// Save as editors do: a temp file renamed over the old one.
const tmp = `${rulesFile}.bench-tmp`;
await writeFile(tmp, newText);
savedAt = performance.now();
await rename(tmp, rulesFile);

const deadline = savedAt + maxWaitMs;
while (liveAt === null && performance.now() < deadline) await new Promise((res) => setTimeout(res, 20));
if (liveAt !== null) await new Promise((res) => setTimeout(res, 1_000));
// A stall still going on when we stop waiting counts too.
worstGap = Math.max(worstGap, performance.now() - lastAnswer);
clearInterval(pinger);
clearInterval(recommender);
// Let the last recommends of the window answer (or time out) before counting.
await new Promise((res) => setTimeout(res, liveAt === null ? 100 : 2_000));
during.unanswered += during.sent - (during.old + during.new + during.failed + during.unanswered);
process.stdout.write(
  `${JSON.stringify({
    old_version: oldVersion,
    worst_gap_ms: worstGap,
    worst_gap_before_save_ms: worstGapBeforeSave,
    live_ms: liveAt === null ? null : liveAt - savedAt,
    reloaded_event_ms: reloadedEvent,
    during,
  })}\n`,
);
socket.close();
process.exit(0);
