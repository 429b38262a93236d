/**
 * `makegood log verify | checkpoint | export`: the auditor's side of the recovery log.
 * Reads the log file directly (read-only), so it works beside a running server.
 */
import { closeSync, existsSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from './command.ts';
import { EXIT } from './command.ts';
import { parseFlags, usageError } from './rules-args.ts';
import { LOG_FILE, openJsonlStore } from '../log/jsonl-store.ts';
import { verifyLog, type VerifyResult } from '../log/verify.ts';
import { HEAD_FILE, readHeadFile } from '../log/durable-head.ts';
import { logRepairCommand } from './log-repair-cmd.ts';
import { readCheckpoint, type Checkpoint } from '../log/checkpoint.ts';
import { isProofSubcommand, runProofCommand, trustedCheckpoints } from './log-proof-cmd.ts';
import { parseBound } from '../log/date-bounds.ts';
import { writeExport, type ExportFormat } from '../log/export.ts';
import type { LogQuery } from '../contract/events.ts';

const DATA_HELP = `  --data DIR     data directory holding ${LOG_FILE} (default: $DATA_DIR or ./data)`;

const USAGE = `Usage: makegood log <verify|checkpoint|key|prove|verify-proof|consistency|export> [options]

  verify       check every entry's hash and link, and that no acknowledged entry is missing
  repair       cut a damaged log back to its last good entry, recording the loss in the chain
  checkpoint   print a signed checkpoint (count, Merkle root, head) to keep outside the server
  key          print the public key that signs checkpoints (PEM)
  prove        print an inclusion proof for one entry (JSON)
  verify-proof check an inclusion proof with the public key, without the log
  consistency  prove the log only grew between two checkpoints
  export       write entries as CSV or JSON, filtered

Run "makegood log <subcommand> --help" for its options.`;

const VERIFY_USAGE = `Usage: makegood log verify [--data DIR] [--since-checkpoint FILE [--key PUBKEY]] [--checkpoints DIR]

Checks every entry of the recovery log: its hash, its seq and its link to the entry
before, and against the durable head (${HEAD_FILE}) that every acknowledged entry is
still there as acknowledged. Exit 0 when the chain holds, 1 naming the first bad entry
or the missing ones and why. An incomplete last line past the head (a batch a crash
interrupted, never acknowledged) is only noted: the server cuts it at its next start.

${DATA_HELP}
  --since-checkpoint FILE
                 also prove the log only grew since that checkpoint (from "log checkpoint");
                 a signed one's signature, Merkle root and subtrees are checked too
  --key PUBKEY   public key for signed checkpoints (default: the data directory's copy)
  --checkpoints DIR
                 more signed checkpoints (e.g. a witness directory): a rewrite is located
                 between the last that agrees and the first that does not`;

const EXPORT_USAGE = `Usage: makegood log export --format csv|json [filters] [--out FILE] [--data DIR]

CSV: one row per recommendation (at, id, location, staff, description, rule, gesture,
value, needs_approval, approval, outcome, reaction, rules_version, hash); cells that
could run as spreadsheet formulas are prefixed with '. JSON: an array of full entries.

  --format csv|json   required
  --since DATE        from this day (YYYY-MM-DD, UTC) or ISO time
  --until DATE        up to this day (inclusive) or ISO time
  --location L        only this location
  --out FILE          write here instead of standard output
${DATA_HELP}`;

const dataDir = (flag: string | boolean | undefined) =>
  resolve(typeof flag === 'string' ? flag : (process.env['DATA_DIR'] ?? './data'));

/** Progress lines on stderr, only for a person watching (stderr is a terminal). */
function progress(label: string): ((n: number, read?: number, total?: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (n, read, total) => {
    const pct = read !== undefined && total ? ` (${Math.round((read / total) * 100)}%)` : '';
    process.stderr.write(`\r${label} ${n.toLocaleString('en-US')} entries${pct}…`);
  };
}
const endProgress = () => {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
};

function logPath(cmd: string, dir: string): string | undefined {
  const path = join(dir, LOG_FILE);
  if (!existsSync(path)) {
    console.error(`${cmd}: no recovery log at ${path} (use --data DIR or DATA_DIR)`);
    return undefined;
  }
  return path;
}

const short = (hash: string) => `${hash.slice(0, 12)}…`;

function reportFailure(cmd: string, r: VerifyResult): number {
  console.error(`${cmd}: FAILED: ${r.problem?.message ?? 'unknown problem'}`);
  console.error(`  ${r.count.toLocaleString('en-US')} entries verified before it${r.count ? `, last good head ${short(r.head)}` : ''}`);
  return EXIT.failed;
}

async function verify(argv: string[]): Promise<number> {
  const cmd = 'makegood log verify';
  const p = parseFlags(cmd, VERIFY_USAGE, argv, { data: { type: 'string' }, 'since-checkpoint': { type: 'string' }, key: { type: 'string' }, checkpoints: { type: 'string' } });
  if (!p.ok) return p.code;
  if (p.positionals.length) return usageError(cmd, `unexpected argument "${p.positionals[0]}"`, VERIFY_USAGE);
  let checkpoint: Checkpoint | undefined;
  const cpFile = p.values['since-checkpoint'];
  if (typeof cpFile === 'string') {
    const cp = readCheckpoint(cpFile);
    if (!cp.ok) return usageError(cmd, `--since-checkpoint ${cp.message}`, VERIFY_USAGE);
    checkpoint = cp.checkpoint;
  }
  const trust = trustedCheckpoints(cmd, checkpoint, p.values['key'], p.values['checkpoints'], dataDir(p.values['data']));
  if ('code' in trust) return trust.code;
  for (const note of trust.notes) console.error(`${cmd}: ${note}`);
  const path = logPath(cmd, dataDir(p.values['data']));
  if (!path) return EXIT.failed;
  const headPath = join(dirname(path), HEAD_FILE);
  const durable = readHeadFile(headPath);
  if (durable.kind === 'damaged') {
    console.error(`${cmd}: FAILED: the durable head is damaged: ${durable.message}`);
    return EXIT.failed;
  }
  const onProgress = progress('verified');
  const r = verifyLog(path, {
    ...(checkpoint ? { checkpoint } : {}),
    ...(trust.checkpoints.length ? { checkpoints: trust.checkpoints } : {}),
    ...(onProgress ? { onProgress } : {}),
    ...(durable.kind === 'ok' ? { head: { head: durable.head, path: headPath } } : {}),
  });
  endProgress();
  if (!r.ok) return reportFailure(cmd, r);
  console.log(`OK: ${r.count.toLocaleString('en-US')} entries, head ${short(r.head)}${r.lastAt ? `, last entry ${r.lastAt}` : ''}`);
  if (durable.kind === 'ok') console.log(`OK: all ${durable.head.count.toLocaleString('en-US')} acknowledged entries are there (durable head of ${durable.head.at})`);
  else if (r.count > 0) console.error(`${cmd}: warning: no durable head (${headPath}): cannot tell whether acknowledged entries were lost from the end`);
  if (r.tail) console.error(`${cmd}: note: ${r.tail.message}; it lies past the durable head, so it was never acknowledged (the server cuts it at its next start)`);
  if (checkpoint) {
    const grew = r.count - checkpoint.count;
    console.log(`OK: only grew since the checkpoint${checkpoint.at ? ` of ${checkpoint.at}` : ''}: entry ${checkpoint.count} still has hash ${short(checkpoint.hash)}, ${grew.toLocaleString('en-US')} entries added`);
    if (checkpoint.signed) console.log(`OK: its signature (key ${checkpoint.signed.key_id}) and Merkle root ${short(checkpoint.signed.root)} hold for the first ${checkpoint.count.toLocaleString('en-US')} entries`);
  }
  return EXIT.ok;
}

async function exportCmd(argv: string[]): Promise<number> {
  const cmd = 'makegood log export';
  const p = parseFlags(cmd, EXPORT_USAGE, argv, {
    format: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    location: { type: 'string' },
    out: { type: 'string' },
    data: { type: 'string' },
  });
  if (!p.ok) return p.code;
  const v = p.values;
  if (p.positionals.length) return usageError(cmd, `unexpected argument "${p.positionals[0]}"`, EXPORT_USAGE);
  if (v['format'] !== 'csv' && v['format'] !== 'json') {
    return usageError(cmd, v['format'] === undefined ? '--format is required (csv or json)' : `--format: must be csv or json, got "${String(v['format'])}"`, EXPORT_USAGE);
  }
  const q: LogQuery = {};
  const ms: Partial<Record<'since' | 'until', number>> = {};
  for (const side of ['since', 'until'] as const) {
    const raw = v[side];
    if (raw === undefined) continue;
    const b = parseBound(`--${side}`, raw, side);
    if (!b.ok) return usageError(cmd, b.message, EXPORT_USAGE);
    q[side] = raw as string;
    ms[side] = b.ms;
  }
  if (ms.since !== undefined && ms.until !== undefined && ms.since > ms.until) {
    return usageError(cmd, `--since ${q.since} is after --until ${q.until}`, EXPORT_USAGE);
  }
  if (typeof v['location'] === 'string') {
    if (v['location'].trim() === '') return usageError(cmd, '--location: must not be empty', EXPORT_USAGE);
    q.location = v['location'];
  }
  const path = logPath(cmd, dataDir(v['data']));
  if (!path) return EXIT.failed;
  let store;
  try {
    store = await openJsonlStore(dataDir(v['data']), { readOnly: true });
  } catch (err) {
    console.error(`${cmd}: ${(err as Error).message}`);
    return EXIT.failed;
  }
  for (const w of store.report.warnings) console.error(`${cmd}: warning: ${w}`);
  const out = typeof v['out'] === 'string' ? v['out'] : undefined;
  let fd: number;
  try {
    fd = out ? openSync(out, 'w') : 1;
  } catch (err) {
    await store.close();
    console.error(`${cmd}: cannot write ${out} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    return EXIT.failed;
  }
  // Batch small writes into ~64 KB ones.
  let pending: string[] = [];
  let pendingLength = 0;
  const flush = () => {
    if (pending.length) writeSync(fd, pending.join(''));
    pending = [];
    pendingLength = 0;
  };
  const onProgress = progress('exported');
  try {
    const n = writeExport(store, v['format'] as ExportFormat, q, (chunk) => {
      pending.push(chunk);
      pendingLength += chunk.length;
      if (pendingLength > 65_536) flush();
    }, onProgress);
    flush();
    endProgress();
    if (out) console.error(`${cmd}: wrote ${n.toLocaleString('en-US')} ${v['format'] === 'csv' ? 'recommendations' : 'entries'} to ${out}`);
  } catch (err) {
    // `… | head` closes the pipe early: that is the reader's choice, not a failure.
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EPIPE') {
      console.error(`${cmd}: writing ${out ?? 'the export'} failed (${code ?? (err as Error).message})`);
      return EXIT.failed;
    }
  } finally {
    if (out) closeSync(fd);
    await store.close();
  }
  return EXIT.ok;
}

export const logCommand: Command = {
  name: 'log',
  summary: 'verify, checkpoint and export the recovery log',
  async run(argv) {
    const [sub, ...rest] = argv;
    if (isProofSubcommand(sub)) return runProofCommand(sub, rest);
    switch (sub) {
      case 'verify':
        return verify(rest);
      case 'export':
        return exportCmd(rest);
      case 'repair':
        return logRepairCommand(rest);
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        console.log(USAGE);
        return sub === undefined ? EXIT.usage : EXIT.ok;
      default:
        console.error(`makegood log: unknown subcommand "${sub}"\n\n${USAGE}`);
        return EXIT.usage;
    }
  },
};
