/**
 * `makegood log repair --accept-loss --reason "…"`: the one deliberate way past a log that
 * lost acknowledged entries or holds a bad line. It cuts the log back to its last good
 * entry (the cut bytes are kept aside, never deleted), then appends a `loss` entry to the
 * chain saying what was lost, why and by whom, and resets the durable head. Afterwards the
 * server starts and `log verify` passes, and the loss stays visible in the log for good.
 * Without --accept-loss it only says what it would do. Holds the data directory lock.
 */
import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { EXIT } from './command.ts';
import { parseFlags, usageError } from './rules-args.ts';
import { LOG_FILE, openJsonlStore } from '../log/jsonl-store.ts';
import { verifyLog } from '../log/verify.ts';
import { HEAD_FILE, readHeadFile, writeHeadFile } from '../log/durable-head.ts';
import { acquireDataLock } from '../log/data-lock.ts';
import { redact } from '../log/redact.ts';
import type { LossBody } from '../contract/log-entry.ts';

const CMD = 'makegood log repair';
const MAX_REASON = 500;

const USAGE = `Usage: makegood log repair --accept-loss --reason "…" [--data DIR]

For a log the server refuses to open (acknowledged entries missing, a gap, a bad line):
cuts it back to its last good entry, keeps the cut bytes aside in
recovery-log.lost-<time>.jsonl, and records the loss as a "loss" entry in the chain
(first lost seq, how many acknowledged entries the durable head says were lost, the
problem, your reason, who ran it). Then the server starts and "log verify" passes, and
the loss stays in the log for auditors to see. Restore from a backup instead if you can.

Without --accept-loss it only prints what it would cut and lose (exit 1 when there is a
loss, 0 when there is nothing to repair). Stop the server first: repair takes the data
directory lock.

  --accept-loss   do it: cut the log and record the loss
  --reason TEXT   required with --accept-loss: why (kept in the log, redacted)
  --data DIR      data directory holding ${LOG_FILE} (default: $DATA_DIR or ./data)`;

function actorName(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No user database (some containers): the host still says where.
  }
  return `${user}@${hostname()}`;
}

/** Copies bytes [from, to) of the log to a new file and fsyncs it. */
function keepAside(logPath: string, dest: string, from: number, to: number): void {
  const src = openSync(logPath, 'r');
  const out = openSync(dest, 'wx', 0o600);
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let at = from; at < to; ) {
      const n = readSync(src, buf, 0, Math.min(buf.length, to - at), at);
      if (n === 0) break;
      writeSync(out, buf, 0, n);
      at += n;
    }
    fsyncSync(out);
  } finally {
    closeSync(src);
    closeSync(out);
  }
}

export async function logRepairCommand(argv: string[]): Promise<number> {
  const p = parseFlags(CMD, USAGE, argv, { data: { type: 'string' }, 'accept-loss': { type: 'boolean' }, reason: { type: 'string' } });
  if (!p.ok) return p.code;
  if (p.positionals.length) return usageError(CMD, `unexpected argument "${p.positionals[0]}"`, USAGE);
  const accept = p.values['accept-loss'] === true;
  const reasonRaw = p.values['reason'];
  const reason = typeof reasonRaw === 'string' ? reasonRaw.trim() : '';
  if (accept && reason === '') return usageError(CMD, '--reason is required with --accept-loss (say why the loss is accepted)', USAGE);
  if (reason.length > MAX_REASON) return usageError(CMD, `--reason: at most ${MAX_REASON} characters, got ${reason.length}`, USAGE);
  const dir = resolve(typeof p.values['data'] === 'string' ? p.values['data'] : (process.env['DATA_DIR'] ?? './data'));
  const path = join(dir, LOG_FILE);
  const headPath = join(dir, HEAD_FILE);
  if (!existsSync(path) && !existsSync(headPath)) {
    console.error(`${CMD}: no recovery log at ${path} (use --data DIR or DATA_DIR)`);
    return EXIT.failed;
  }

  const locked = acquireDataLock(dir, CMD);
  if (!locked.ok) {
    console.error(`${CMD}: ${locked.message}`);
    return EXIT.failed;
  }
  try {
    if (!existsSync(path)) closeSync(openSync(path, 'a'));
    const durable = readHeadFile(headPath);
    const head = durable.kind === 'ok' ? durable.head : null;
    // The chain alone says where the last good entry ends; the head says how much was acknowledged.
    const chain = verifyLog(path);
    const size = statSync(path).size;
    const cutAt = chain.problem ? chain.problem.offset : size;
    const lostCount = head ? Math.max(0, head.count - chain.count) : null;
    const withHead = head ? verifyLog(path, { head: { head, path: headPath } }) : null;
    const damaged = durable.kind === 'damaged' ? `the durable head is damaged: ${durable.message}` : undefined;
    if (!damaged && (withHead ? withHead.ok : chain.ok)) {
      const note = withHead?.tail ? ' (only an incomplete last line past the durable head, never acknowledged: the server cuts it at its next start)' : '';
      console.log(`${CMD}: nothing to repair: ${chain.count.toLocaleString('en-US')} entries verify and every acknowledged entry is there${note}`);
      return EXIT.ok;
    }
    const problem = damaged ?? withHead?.problem?.message ?? chain.problem?.message ?? 'the log does not match its durable head';
    const cutBytes = size - cutAt;
    const plan = [
      `problem: ${problem}`,
      `last good entry: seq ${chain.count}${chain.count ? `, ending at byte ${cutAt}` : ''}`,
      cutBytes > 0 ? `cut: ${cutBytes} bytes from byte ${cutAt} (line ${chain.problem?.line ?? chain.count + 1}) to the end, kept aside` : 'cut: nothing (the lost entries are already gone from the file)',
      `lost: ${lostCount === null ? 'unknown (no durable head to say how many were acknowledged)' : `${lostCount} acknowledged entries (the durable head says ${head!.count})`}, from seq ${chain.count + 1}`,
    ];
    if (!accept) {
      console.error(`${CMD}: the log needs a repair; nothing was changed. It would do this:\n  ${plan.join('\n  ')}\nRestore the log from a backup if you can; otherwise run again with --accept-loss --reason "…".`);
      return EXIT.failed;
    }

    let lostFile: string | null = null;
    if (cutBytes > 0) {
      lostFile = `recovery-log.lost-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`;
      keepAside(path, join(dir, lostFile), cutAt, size);
    }
    const fd = openSync(path, 'r+');
    try {
      if (cutBytes > 0) ftruncateSync(fd, cutAt);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    // The head now vouches for what is left; the store then appends the loss after it.
    writeHeadFile(headPath, { count: chain.count, hash: chain.head, bytes: cutAt, at: new Date().toISOString() });
    const store = await openJsonlStore(dir);
    let entry;
    try {
      const body: LossBody = {
        type: 'loss',
        lost_from_seq: chain.count + 1,
        lost_count: lostCount,
        lost_bytes: cutBytes,
        lost_file: lostFile,
        problem: redact(problem),
        reason: redact(reason),
        actor: { token_id: 'cli', name: actorName(), role: 'system' },
      };
      entry = await store.append(body);
    } finally {
      await store.close();
    }
    console.log(`${CMD}: repaired ${path}:\n  ${plan.join('\n  ')}${lostFile ? `\n  the cut bytes are in ${join(dir, lostFile)}` : ''}\n  recorded the loss as entry ${entry.id} (seq ${entry.seq}); the durable head now says ${entry.seq} entries`);
    const after = verifyLog(path, { head: { head: { count: entry.seq, hash: entry.hash, bytes: statSync(path).size, at: entry.at }, path: headPath } });
    if (!after.ok) {
      console.error(`${CMD}: the repaired log does not verify: ${after.problem?.message}`);
      return EXIT.failed;
    }
    return EXIT.ok;
  } catch (err) {
    console.error(`${CMD}: ${err instanceof Error ? err.message : String(err)}`);
    return EXIT.failed;
  } finally {
    locked.lock.release();
  }
}
