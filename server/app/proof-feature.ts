/**
 * Signed checkpoints while the server runs, and `log:prove` for auditors.
 *
 * - Keeps the Merkle tree of the log (about 36 bytes an entry), built from the file on the
 *   first checkpoint or proof (hashing each line again, ~1 s of CPU per million entries, once,
 *   in chunks between requests), then following 'entry:appended'.
 * - Writes a signed checkpoint to <data>/checkpoints/ every N entries, every M minutes
 *   when the log grew, and at a clean stop, and sends it to the witness (a directory and/or a webhook URL).
 *   Witness work runs after the append has been acknowledged and never delays one; each
 *   failure is counted and logged.
 * - `log:prove` answers an inclusion proof against the latest checkpoint that covers the
 *   entry (making a new one when none does), with the public key to check it.
 */
import { join } from 'node:path';
import { writeFile, mkdir, rename } from 'node:fs/promises';
import type { ProofDownload } from '../contract/events.ts';
import { MakegoodError } from '../contract/errors.ts';
import type { Principal } from '../contract/roles.ts';
import { LOG_FILE } from '../log/jsonl-store.ts';
import { seqOfId } from '../log/hash-chain.ts';
import { entryLeafHash, type MerkleTree } from '../log/merkle.ts';
import { buildLeafTree } from '../log/log-tree.ts';
import { loadOrCreateKey, type CheckpointKey } from '../log/checkpoint-key.ts';
import { checkpointText, makeSignedCheckpoint, type SignedCheckpoint } from '../log/signed-checkpoint.ts';
import { buildInclusionProof, storedLine } from '../log/proof-doc.ts';
import { CHECKPOINTS_DIR, checkpointFileName, postCheckpoint } from '../log/witness.ts';
import type { AppContext } from './context.ts';
import type { Feature } from './feature.ts';

/** How long a witness webhook may take before it counts as failed. */
const WITNESS_TIMEOUT_MS = 3000;

export function proofFeature(ctx: AppContext): Feature {
  const settings = ctx.settings.proofs;
  if (!settings) return { name: 'proofs' };
  const { dataDir, every, minutes, witnessDir, witnessUrl } = settings;
  const logPath = join(dataDir, LOG_FILE);
  let tree: MerkleTree | null = null;
  /** The background build of the tree, and the appends announced while it runs. */
  let building: Promise<MerkleTree> | null = null;
  let buffered: { seq: number; hash: string }[] = [];
  let key: CheckpointKey | null = null;
  let latest: SignedCheckpoint | null = null;
  let sinceLast = 0;
  /** A count-triggered checkpoint is scheduled. */
  let due = false;
  let failures = 0;
  let chain: Promise<void> = Promise.resolve();

  /** The tree, read from the file in chunks (never stalling requests) the first time it is needed. */
  function ensureTree(): Promise<MerkleTree> {
    if (tree) return Promise.resolve(tree);
    building ??= buildLeafTree(logPath, () => ctx.store.head().count).then(
      (t) => {
        // Entries announced while reading: those past what the file gave, in order.
        for (const b of buffered) if (b.seq === t.size + 1) t.append(entryLeafHash(b.hash));
        buffered = [];
        building = null;
        tree = t;
        return t;
      },
      (err: unknown) => {
        buffered = [];
        building = null;
        throw err;
      },
    );
    return building;
  }

  function ensureKey(): CheckpointKey {
    if (!key) {
      key = loadOrCreateKey(dataDir);
      for (const note of key.notes) ctx.log.info(`checkpoints: ${note}`);
      ctx.log.info(`checkpoints: signing with key ${key.keyId} (public key ${join(dataDir, 'checkpoint-key.pub.pem')})`);
    }
    return key;
  }

  /** Makes, stores and sends a checkpoint of the log as it is now. */
  async function checkpointNow(): Promise<SignedCheckpoint> {
    let t = await ensureTree();
    // An append whose ack is still on its way is in the head but not yet announced: let it land.
    for (let i = 0; i < 10 && ctx.store.head().count !== t.size; i++) {
      await new Promise((r) => setImmediate(r));
      t = await ensureTree();
    }
    const head = ctx.store.head();
    if (head.count !== t.size) throw new Error(`checkpoints: the tree has ${t.size} entries but the log ${head.count}`);
    const cp = makeSignedCheckpoint({ count: t.size, head: head.hash, subtrees: t.subtrees() }, ensureKey());
    latest = cp;
    sinceLast = 0;
    // Files and the webhook after the fact, in order, never in an append's way.
    chain = chain.then(() => deliver(cp));
    return cp;
  }

  async function deliver(cp: SignedCheckpoint): Promise<void> {
    const text = checkpointText(cp);
    const name = checkpointFileName(cp);
    const targets: [string, string][] = [[join(dataDir, CHECKPOINTS_DIR), 'checkpoints directory']];
    if (witnessDir) targets.push([witnessDir, 'witness directory']);
    for (const [dir, label] of targets) {
      try {
        await mkdir(dir, { recursive: true });
        await writeFile(join(dir, `${name}.tmp`), text);
        await rename(join(dir, `${name}.tmp`), join(dir, name));
      } catch (err) {
        failures++;
        ctx.log.error(`checkpoints: cannot write checkpoint ${cp.count} to the ${label} ${dir} (${failures} witness failure${failures === 1 ? '' : 's'} so far)`, err);
      }
    }
    if (witnessUrl) {
      const problem = await postCheckpoint(witnessUrl, cp, WITNESS_TIMEOUT_MS);
      if (problem) {
        failures++;
        ctx.log.warn(`checkpoints: the witness ${witnessUrl} did not take checkpoint ${cp.count}: ${problem} (${failures} witness failure${failures === 1 ? '' : 's'} so far)`);
      }
    }
  }

  /** One scheduled checkpoint at a time (a slow first build must not queue one per append). */
  let scheduled: Promise<void> | null = null;
  function safely(why: string): Promise<void> {
    scheduled ??= checkpointNow()
      .then(
        () => undefined,
        (err: unknown) => ctx.log.error(`checkpoints: could not make the ${why} checkpoint`, err),
      )
      .finally(() => {
        scheduled = null;
      });
    return scheduled;
  }

  const off = ctx.events.on('entry:appended', (entry) => {
    if (tree && entry.seq === tree.size + 1) tree.append(entryLeafHash(entry.hash));
    else if (tree && entry.seq > tree.size + 1) tree = null; // missed one: rebuild from disk when next needed
    else if (!tree && building) buffered.push({ seq: entry.seq, hash: entry.hash });
    sinceLast++;
    // After this append's listeners: the checkpoint covers the whole batch written with it.
    if (every > 0 && sinceLast >= every && !due) {
      due = true;
      setImmediate(() => {
        due = false;
        if (sinceLast >= every) void safely(`every-${every}-entries`);
      });
    }
  });

  const timer =
    minutes > 0
      ? setInterval(() => {
          if (sinceLast > 0 || (latest === null && ctx.store.head().count > 0)) void safely('timed');
        }, minutes * 60_000)
      : null;
  timer?.unref();

  async function prove(_p: Principal, req: { id: string }): Promise<ProofDownload> {
    const seq = seqOfId(req.id);
    const found = seq === undefined ? undefined : ctx.store.get(req.id);
    if (seq === undefined || !found) throw new MakegoodError('not_found', `no entry "${req.id}"`, 'id');
    let cp: SignedCheckpoint;
    let t: MerkleTree;
    try {
      t = await ensureTree();
      cp = latest && latest.count >= seq ? latest : await checkpointNow();
    } catch (err) {
      ctx.log.error(`log:prove ${req.id}`, err);
      throw new MakegoodError('unavailable', 'the proof could not be made from the log on disk; the server log says why');
    }
    const line = storedLine(found);
    const proof = buildInclusionProof(t, { seq, id: req.id, line }, cp);
    const k = ensureKey();
    return { filename: `proof-${req.id}.json`, content: `${JSON.stringify(proof, null, 2)}\n`, key_id: k.keyId, public_key: k.publicPem };
  }

  return {
    name: 'proofs',
    handlers: { 'log:prove': prove },
    async close() {
      off();
      if (timer) clearInterval(timer);
      // A clean stop leaves a checkpoint of everything, so no entry ends uncovered by the witness.
      await scheduled;
      if (sinceLast > 0 && (every > 0 || minutes > 0)) await safely('final');
      await chain;
    },
  };
}
