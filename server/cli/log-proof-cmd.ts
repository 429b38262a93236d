/**
 * `makegood log checkpoint | key | prove | verify-proof | consistency`: proofs an auditor
 * can check without trusting the server (RFC 6962 Merkle proofs, Ed25519-signed checkpoints).
 * Exit 0 when the proof holds, 1 when it fails (or the log does not verify), 2 for bad usage.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EXIT } from './command.ts';
import { parseFlags, usageError } from './rules-args.ts';
import { LOG_FILE } from '../log/jsonl-store.ts';
import { seqOfId } from '../log/hash-chain.ts';
import { readLogTree, type LogTree } from '../log/log-tree.ts';
import { loadOrCreateKey, PUBLIC_KEY_FILE, readPublicKey, type CheckpointKey } from '../log/checkpoint-key.ts';
import { checkpointText, makeSignedCheckpoint, signatureProblem, type SignedCheckpoint } from '../log/signed-checkpoint.ts';
import { parseCheckpoint, type Checkpoint } from '../log/checkpoint.ts';
import { readCheckpointDir } from '../log/witness.ts';
import { toHex } from '../log/merkle.ts';
import { buildInclusionProof, parseConsistencyDoc, verifyConsistencyDoc, verifyInclusionDoc, type ConsistencyProof, type VerifyKey } from '../log/proof-doc.ts';
import { CheckpointWatch, describeRange } from '../log/checkpoint-watch.ts';

const DATA_HELP = `  --data DIR       data directory holding ${LOG_FILE} (default: $DATA_DIR or ./data)`;

export const PROOF_SUBCOMMANDS = ['checkpoint', 'key', 'prove', 'verify-proof', 'consistency'] as const;

const CHECKPOINT_USAGE = `Usage: makegood log checkpoint [--data DIR] [--out FILE]

Verifies the log, then prints a checkpoint signed with the data directory's Ed25519 key:
{ count, root, head, at, key_id, sig, subtrees } — the entry count, the RFC 6962 Merkle
root over the entries, the hash chain's head. Keep it where the server cannot write; later
"log verify --since-checkpoint FILE" and "log consistency FILE NEW" prove nothing before it
was rewritten. The key is created on first use (${'<data>'}/checkpoint-key.pem, mode 0600).

${DATA_HELP}
  --out FILE       also write the checkpoint to FILE`;

const KEY_USAGE = `Usage: makegood log key [--data DIR] [--out FILE]

Prints the public key that signs checkpoints (Ed25519, PEM), creating the key pair on
first use. Give auditors this file: they check checkpoints and proofs with --key FILE.

${DATA_HELP}
  --out FILE       also write the public key to FILE`;

const PROVE_USAGE = `Usage: makegood log prove ENTRY_ID [--checkpoint FILE] [--data DIR] [--out FILE]

Prints an inclusion proof (JSON) that the entry is in the log a signed checkpoint covers:
the entry's line as stored, its RFC 6962 audit path and the checkpoint. Without
--checkpoint a fresh checkpoint of the whole log is signed and used. ENTRY_ID is an entry
id (e000042-3f9a1c).

  --checkpoint FILE  prove against this signed checkpoint (it must describe this log)
${DATA_HELP}
  --out FILE       also write the proof to FILE`;

const VERIFY_PROOF_USAGE = `Usage: makegood log verify-proof PROOF.json --key PUBKEY [--checkpoint FILE]

Checks an inclusion proof with no access to the log: the checkpoint's signature with the
public key, the entry line's own hash, and the audit path up to the signed root.
Exit 0 when it holds, 1 when anything was altered.

  --key PUBKEY       the public key (PEM, from "makegood log key"), required
  --checkpoint FILE  the signed checkpoint you kept (default: the one inside the proof)`;

const CONSISTENCY_USAGE = `Usage: makegood log consistency OLD.json NEW.json [--data DIR] [--key PUBKEY] [--out FILE]
       makegood log consistency OLD.json NEW.json --proof PROOF.json --key PUBKEY

Proves the log only grew between two signed checkpoints (RFC 6962 consistency proof):
the first OLD.count entries are the very entries OLD signed. With the log (--data), the
proof is computed from it and checked, and a rewrite is located; with --proof, a given
proof is checked with no access to the log. Exit 1 on any rewrite.

${DATA_HELP}
  --key PUBKEY     the public key to check both signatures with (default: the data
                   directory's ${PUBLIC_KEY_FILE}; pin your own copy)
  --proof FILE     check this proof (from --out) instead of reading the log
  --out FILE       write the consistency proof to FILE`;

const dataDir = (flag: string | boolean | undefined) => resolve(typeof flag === 'string' ? flag : (process.env['DATA_DIR'] ?? './data'));
const short = (h: string) => `${h.slice(0, 12)}…`;
const n = (x: number) => x.toLocaleString('en-US');

function failed(cmd: string, message: string): number {
  console.error(`${cmd}: FAILED: ${message}`);
  return EXIT.failed;
}

function logPath(cmd: string, dir: string): string | undefined {
  const path = join(dir, LOG_FILE);
  if (!existsSync(path)) {
    console.error(`${cmd}: no recovery log at ${path} (use --data DIR or DATA_DIR)`);
    return undefined;
  }
  return path;
}

function readText(path: string): { ok: true; text: string } | { ok: false; message: string } {
  try {
    return { ok: true, text: readFileSync(path, 'utf8') };
  } catch (err) {
    return { ok: false, message: `${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  }
}

function writeOut(cmd: string, out: string | boolean | undefined, text: string): boolean {
  if (typeof out !== 'string') return true;
  try {
    writeFileSync(out, text);
    return true;
  } catch (err) {
    console.error(`${cmd}: cannot write ${out} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    return false;
  }
}

function key(cmd: string, dir: string): CheckpointKey | undefined {
  try {
    const k = loadOrCreateKey(dir);
    for (const note of k.notes) console.error(`${cmd}: ${note}`);
    return k;
  } catch (err) {
    console.error(`${cmd}: ${(err as Error).message}`);
    return undefined;
  }
}

/** Reads and parses a signed checkpoint file: usage error when unreadable, failure when not a signed checkpoint. */
function signedFrom(cmd: string, path: string, usage: string): { cp: SignedCheckpoint } | { code: number } {
  const t = readText(path);
  if (!t.ok) return { code: usageError(cmd, t.message, usage) };
  const p = parseCheckpoint(t.text, path);
  if (!p.ok) return { code: failed(cmd, p.message) };
  if (!p.checkpoint.signed) return { code: failed(cmd, `${path}: an unsigned checkpoint { count, hash, at } has no Merkle root; make a signed one with "makegood log checkpoint"`) };
  return { cp: p.checkpoint.signed };
}

function verifyKeyFrom(cmd: string, flag: string | boolean | undefined, dir: string | undefined, usage: string): { key: VerifyKey; from: string } | { code: number } {
  const path = typeof flag === 'string' ? flag : dir ? join(dir, PUBLIC_KEY_FILE) : undefined;
  if (!path) return { code: usageError(cmd, '--key PUBKEY is required (the PEM from "makegood log key")', usage) };
  const k = readPublicKey(path);
  if (!k.ok) return { code: usageError(cmd, k.message, usage) };
  return { key: { publicKey: k.publicKey, keyId: k.keyId }, from: path };
}

/** Reads the log into its tree; prints and returns the failure when the chain does not verify. */
function treeOf(cmd: string, path: string, want: number[] = []): LogTree | number {
  const t = readLogTree(path, want);
  if (t.problem) return failed(cmd, `the log does not verify, so no proof is made from it: ${t.problem.message} (run "makegood log verify")`);
  return t;
}

/** Where a checkpoint and the log part ways, if they do. */
function mismatch(t: LogTree, cp: SignedCheckpoint, name: string): string | undefined {
  if (t.count < cp.count) return `the log has ${n(t.count)} entries but ${name} had ${n(cp.count)}: entries were removed`;
  if (toHex(t.tree.root(cp.count)) === cp.root && t.hashAt(cp.count) === (cp.count === 0 ? '0'.repeat(64) : cp.head)) return undefined;
  const watch = new CheckpointWatch([{ count: cp.count, hash: cp.head, at: cp.at, signed: cp }]);
  for (let s = 1; s <= cp.count; s++) watch.add(t.hashAt(s));
  const r = watch.result();
  return `the log's first ${n(cp.count)} entries are not those ${name} signed: the log was rewritten${r ? `; the first altered entry is ${r.from === r.to ? `seq ${n(r.from)}` : `one of ${describeRange(r)}`}` : ''}`;
}

export async function checkpointCmd(argv: string[]): Promise<number> {
  const cmd = 'makegood log checkpoint';
  const p = parseFlags(cmd, CHECKPOINT_USAGE, argv, { data: { type: 'string' }, out: { type: 'string' } });
  if (!p.ok) return p.code;
  if (p.positionals.length) return usageError(cmd, `unexpected argument "${p.positionals[0]}"`, CHECKPOINT_USAGE);
  const dir = dataDir(p.values['data']);
  const path = logPath(cmd, dir);
  if (!path) return EXIT.failed;
  const t = treeOf(cmd, path);
  if (typeof t === 'number') return t;
  const k = key(cmd, dir);
  if (!k) return EXIT.failed;
  const cp = makeSignedCheckpoint({ count: t.count, head: t.hashAt(t.count), subtrees: t.tree.subtrees() }, k);
  const text = checkpointText(cp);
  if (!writeOut(cmd, p.values['out'], text)) return EXIT.failed;
  process.stdout.write(text);
  console.error(`${cmd}: ${n(cp.count)} entries, root ${short(cp.root)}, signed with key ${k.keyId} (public key: ${join(dir, PUBLIC_KEY_FILE)}, or "makegood log key")`);
  return EXIT.ok;
}

async function keyCmd(argv: string[]): Promise<number> {
  const cmd = 'makegood log key';
  const p = parseFlags(cmd, KEY_USAGE, argv, { data: { type: 'string' }, out: { type: 'string' } });
  if (!p.ok) return p.code;
  if (p.positionals.length) return usageError(cmd, `unexpected argument "${p.positionals[0]}"`, KEY_USAGE);
  const dir = dataDir(p.values['data']);
  if (!existsSync(dir)) return usageError(cmd, `no data directory ${dir}`, KEY_USAGE);
  const k = key(cmd, dir);
  if (!k) return EXIT.failed;
  if (!writeOut(cmd, p.values['out'], k.publicPem)) return EXIT.failed;
  process.stdout.write(k.publicPem);
  console.error(`${cmd}: key id ${k.keyId}`);
  return EXIT.ok;
}

async function prove(argv: string[]): Promise<number> {
  const cmd = 'makegood log prove';
  const p = parseFlags(cmd, PROVE_USAGE, argv, { data: { type: 'string' }, out: { type: 'string' }, checkpoint: { type: 'string' } });
  if (!p.ok) return p.code;
  const [id, extra] = p.positionals;
  if (id === undefined) return usageError(cmd, 'ENTRY_ID is required', PROVE_USAGE);
  if (extra !== undefined) return usageError(cmd, `unexpected argument "${extra}"`, PROVE_USAGE);
  const seq = seqOfId(id);
  if (seq === undefined) return usageError(cmd, `"${id}" is not an entry id (like e000042-3f9a1c)`, PROVE_USAGE);
  let given: SignedCheckpoint | undefined;
  const cpFile = p.values['checkpoint'];
  if (typeof cpFile === 'string') {
    const r = signedFrom(cmd, cpFile, PROVE_USAGE);
    if ('code' in r) return r.code;
    given = r.cp;
  }
  const dir = dataDir(p.values['data']);
  const path = logPath(cmd, dir);
  if (!path) return EXIT.failed;
  const t = treeOf(cmd, path, [seq]);
  if (typeof t === 'number') return t;
  const line = t.lines.get(seq);
  if (line === undefined || (JSON.parse(line) as { id?: unknown }).id !== id) return failed(cmd, `no entry "${id}" in ${path}`);
  let cp: SignedCheckpoint;
  if (given) {
    const k = readPublicKey(join(dir, PUBLIC_KEY_FILE));
    if (k.ok) {
      const sig = signatureProblem(given, k, cpFile as string);
      if (sig) return failed(cmd, sig);
    }
    const off = mismatch(t, given, cpFile as string);
    if (off) return failed(cmd, off);
    if (seq > given.count) return failed(cmd, `${id} is seq ${n(seq)}, after the ${n(given.count)} entries ${cpFile} covers; prove it against a newer checkpoint`);
    cp = given;
  } else {
    const k = key(cmd, dir);
    if (!k) return EXIT.failed;
    cp = makeSignedCheckpoint({ count: t.count, head: t.hashAt(t.count), subtrees: t.tree.subtrees() }, k);
  }
  const proof = buildInclusionProof(t.tree, { seq, id, line }, cp);
  const text = `${JSON.stringify(proof, null, 2)}\n`;
  if (!writeOut(cmd, p.values['out'], text)) return EXIT.failed;
  process.stdout.write(text);
  return EXIT.ok;
}

async function verifyProof(argv: string[]): Promise<number> {
  const cmd = 'makegood log verify-proof';
  const p = parseFlags(cmd, VERIFY_PROOF_USAGE, argv, { key: { type: 'string' }, checkpoint: { type: 'string' } });
  if (!p.ok) return p.code;
  const [file, extra] = p.positionals;
  if (file === undefined) return usageError(cmd, 'PROOF.json is required', VERIFY_PROOF_USAGE);
  if (extra !== undefined) return usageError(cmd, `unexpected argument "${extra}"`, VERIFY_PROOF_USAGE);
  const k = verifyKeyFrom(cmd, p.values['key'], undefined, VERIFY_PROOF_USAGE);
  if ('code' in k) return k.code;
  const t = readText(file);
  if (!t.ok) return usageError(cmd, t.message, VERIFY_PROOF_USAGE);
  let doc: unknown;
  try {
    doc = JSON.parse(t.text);
  } catch (err) {
    return failed(cmd, `${file}: not JSON (${(err as Error).message})`);
  }
  let trusted: SignedCheckpoint;
  let cpName: string;
  const cpFile = p.values['checkpoint'];
  if (typeof cpFile === 'string') {
    const r = signedFrom(cmd, cpFile, VERIFY_PROOF_USAGE);
    if ('code' in r) return r.code;
    trusted = r.cp;
    cpName = cpFile;
  } else {
    const inner = typeof doc === 'object' && doc !== null ? (doc as { checkpoint?: unknown }).checkpoint : undefined;
    const r = parseCheckpoint(JSON.stringify(inner ?? null), `${file} checkpoint`);
    if (!r.ok || !r.checkpoint.signed) return failed(cmd, r.ok ? `${file}: its checkpoint is not signed` : r.message);
    trusted = r.checkpoint.signed;
    cpName = `${file}'s checkpoint`;
  }
  const v = verifyInclusionDoc(doc, trusted, k.key, file, cpName);
  if (!v.ok) return failed(cmd, v.message);
  const e = v.value.entry;
  console.log(`OK: entry ${e.id} (seq ${n(e.seq)}) is in the log of ${n(trusted.count)} entries signed at ${trusted.at} (root ${short(trusted.root)}, key ${trusted.key_id})`);
  return EXIT.ok;
}

async function consistency(argv: string[]): Promise<number> {
  const cmd = 'makegood log consistency';
  const p = parseFlags(cmd, CONSISTENCY_USAGE, argv, { data: { type: 'string' }, key: { type: 'string' }, proof: { type: 'string' }, out: { type: 'string' } });
  if (!p.ok) return p.code;
  const [oldFile, newFile, extra] = p.positionals;
  if (oldFile === undefined || newFile === undefined) return usageError(cmd, 'OLD.json and NEW.json are required', CONSISTENCY_USAGE);
  if (extra !== undefined) return usageError(cmd, `unexpected argument "${extra}"`, CONSISTENCY_USAGE);
  const proofFile = p.values['proof'];
  const dir = typeof proofFile === 'string' && p.values['data'] === undefined ? undefined : dataDir(p.values['data']);
  const k = verifyKeyFrom(cmd, p.values['key'], dir, CONSISTENCY_USAGE);
  if ('code' in k) return k.code;
  if (typeof p.values['key'] !== 'string') console.error(`${cmd}: checking signatures with ${k.from} (the server's own copy; pin yours with --key)`);
  const oldR = signedFrom(cmd, oldFile, CONSISTENCY_USAGE);
  if ('code' in oldR) return oldR.code;
  const newR = signedFrom(cmd, newFile, CONSISTENCY_USAGE);
  if ('code' in newR) return newR.code;
  const [oldCp, newCp] = [oldR.cp, newR.cp];
  for (const [cp, name] of [[oldCp, oldFile], [newCp, newFile]] as const) {
    const sig = signatureProblem(cp, k.key, name);
    if (sig) return failed(cmd, sig);
  }
  if (newCp.count < oldCp.count) return failed(cmd, `${newFile} has ${n(newCp.count)} entries, fewer than ${oldFile} (${n(oldCp.count)}): the log shrank`);
  let path: string[];
  if (typeof proofFile === 'string') {
    const t = readText(proofFile);
    if (!t.ok) return usageError(cmd, t.message, CONSISTENCY_USAGE);
    let doc: unknown;
    try {
      doc = JSON.parse(t.text);
    } catch (err) {
      return failed(cmd, `${proofFile}: not JSON (${(err as Error).message})`);
    }
    const parsed = parseConsistencyDoc(doc, proofFile);
    if (!parsed.ok) return failed(cmd, parsed.message);
    if (parsed.value.old.sig !== oldCp.sig || parsed.value.new.sig !== newCp.sig) return failed(cmd, `${proofFile} is a proof between other checkpoints than ${oldFile} and ${newFile}`);
    path = parsed.value.path;
  } else {
    const logFile = logPath(cmd, dir!);
    if (!logFile) return EXIT.failed;
    const t = treeOf(cmd, logFile);
    if (typeof t === 'number') return t;
    // Name the rewrite from the log itself, before the proof says only "inconsistent".
    const oldOff = mismatch(t, oldCp, oldFile);
    if (oldOff) return failed(cmd, oldOff);
    const newOff = mismatch(t, newCp, newFile);
    if (newOff) return failed(cmd, newOff);
    path = t.tree.consistencyProof(oldCp.count, newCp.count).map(toHex);
  }
  const v = verifyConsistencyDoc(oldCp, newCp, path, k.key, { old: oldFile, new: newFile, proof: typeof proofFile === 'string' ? proofFile : 'the proof' });
  if (!v.ok) return failed(cmd, v.message);
  const doc: ConsistencyProof = { old: oldCp, new: newCp, path };
  if (!writeOut(cmd, p.values['out'], `${JSON.stringify(doc, null, 2)}\n`)) return EXIT.failed;
  console.log(
    `OK: the log only grew from ${n(oldCp.count)} entries (${oldCp.at}, root ${short(oldCp.root)}) to ${n(newCp.count)} (${newCp.at}, root ${short(newCp.root)}): ${n(newCp.count - oldCp.count)} added, none changed`,
  );
  return EXIT.ok;
}

/** Runs one of PROOF_SUBCOMMANDS (log-cmd.ts dispatches here). */
export function runProofCommand(sub: (typeof PROOF_SUBCOMMANDS)[number], argv: string[]): Promise<number> {
  switch (sub) {
    case 'checkpoint':
      return checkpointCmd(argv);
    case 'key':
      return keyCmd(argv);
    case 'prove':
      return prove(argv);
    case 'verify-proof':
      return verifyProof(argv);
    case 'consistency':
      return consistency(argv);
  }
}

export const isProofSubcommand = (s: string | undefined): s is (typeof PROOF_SUBCOMMANDS)[number] => (PROOF_SUBCOMMANDS as readonly string[]).includes(s ?? '');

/**
 * For `log verify`: checks a signed --since-checkpoint's signature (with --key, else the data
 * directory's public key) and reads --checkpoints DIR (every file must be signed by that key),
 * so the rewrite locator only ever trusts signed checkpoints.
 */
export function trustedCheckpoints(
  cmd: string,
  primary: Checkpoint | undefined,
  keyFlag: string | boolean | undefined,
  dirFlag: string | boolean | undefined,
  dataDirectory: string,
): { checkpoints: Checkpoint[]; notes: string[] } | { code: number } {
  const needKey = primary?.signed !== undefined || typeof dirFlag === 'string';
  if (!needKey) return { checkpoints: [], notes: [] };
  const k = verifyKeyFrom(cmd, keyFlag, dataDirectory, `Run "${cmd} --help" for its options.`);
  if ('code' in k) return k;
  const notes = typeof keyFlag === 'string' ? [] : [`checking signatures with ${k.from} (the server's own copy; pin yours with --key)`];
  if (primary?.signed) {
    const sig = signatureProblem(primary.signed, k.key, 'the --since-checkpoint file');
    if (sig) return { code: failed(cmd, sig) };
  }
  const checkpoints: Checkpoint[] = [];
  if (typeof dirFlag === 'string') {
    const read = readCheckpointDir(dirFlag);
    if (read.checkpoints.length === 0 && read.problems.length) return { code: usageError(cmd, read.problems[0]!, `Run "${cmd} --help" for its options.`) };
    for (const problem of read.problems) notes.push(`skipped ${problem}`);
    for (const cp of read.checkpoints) {
      if (!cp.signed) {
        notes.push(`skipped an unsigned checkpoint in ${dirFlag} (count ${cp.count})`);
        continue;
      }
      const sig = signatureProblem(cp.signed, k.key, `${dirFlag}: the checkpoint of ${cp.at} (count ${cp.count})`);
      if (sig) return { code: failed(cmd, sig) };
      checkpoints.push(cp);
    }
    notes.push(`${checkpoints.length} signed checkpoint${checkpoints.length === 1 ? '' : 's'} from ${dirFlag}`);
  }
  return { checkpoints, notes };
}
