/**
 * Tokens on lowdb (a small document, so plain JSONFile is fine). Only hashes are
 * stored. The server and `makegood token` may run at once, so the file is the
 * truth and this store keeps an in-memory copy as two Maps (hash → record,
 * id → record): a handshake or an event costs a Map lookup, never a file access.
 *
 * With `watch: true` (the server) the copy is refreshed when the data dir changes
 * (fs.watch) and, in case a watch event is missed, by a stat at most once per
 * `recheckMs`; a CLI revoke so takes effect within about a second, and
 * `onRevoked` listeners hear of it at once (the server cuts live sockets).
 * Without watch (the CLI, one-off scripts) every call re-checks the file.
 */
import { watch as fsWatch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { Principal, Role } from '../contract/roles.ts';
import { MakegoodError } from '../contract/errors.ts';
import { hashSecret, looksLikeSecret, newSecret, newTokenId } from './token-secret.ts';
import { checkNewToken, type NewToken } from './token-rules.ts';

export interface TokenRecord {
  id: string;
  role: Role;
  name: string;
  locations: string[];
  created: string;
  revoked: string | null;
  /** sha256 hex of the secret. */
  hash: string;
  demo?: boolean;
}

interface TokensDoc {
  tokens: TokenRecord[];
}

/** What the socket middleware and the event guard need. */
export interface TokenVerifier {
  verify(secret: unknown): Promise<Principal | null>;
  /** From memory: true while the token exists and is not revoked. */
  isActive(tokenId: string): boolean;
  /** Called with the ids of tokens that were active and are now revoked or gone. Returns an unsubscribe. */
  onRevoked?(listener: (tokenIds: string[]) => void): () => void;
}

export interface TokenStore extends TokenVerifier {
  readonly file: string;
  add(input: NewToken): Promise<{ record: TokenRecord; secret: string }>;
  list(): Promise<TokenRecord[]>;
  /** Returns the record, or null when there is no such id. Revoking twice keeps the first time. */
  revoke(id: string): Promise<TokenRecord | null>;
  onRevoked(listener: (tokenIds: string[]) => void): () => void;
  /** Re-reads the file if it changed; resolves when the copy is current. */
  refresh(): Promise<void>;
  /** Stops watching (a no-op without watch). */
  close(): void;
}

export interface TokenStoreOptions {
  /** Keep the copy fresh in the background (fs.watch + a periodic stat) instead of checking per call. */
  watch?: boolean;
  /** Longest a missed watch event can go unnoticed (default 1000 ms). */
  recheckMs?: number;
  /** A refresh that could not read the file keeps the last good copy and reports here. */
  onError?: (err: unknown) => void;
}

export const toPrincipal = (t: TokenRecord): Principal => ({ token_id: t.id, role: t.role, name: t.name, locations: [...t.locations] });

const TOKENS_FILE = 'tokens.json';

export async function openTokenStore(dataDir: string, opts: TokenStoreOptions = {}): Promise<TokenStore> {
  const file = join(dataDir, TOKENS_FILE);
  const db = new Low<TokensDoc>(new JSONFile<TokensDoc>(file), { tokens: [] });
  let byHash = new Map<string, TokenRecord>();
  let byId = new Map<string, TokenRecord>();
  let seen = '';
  const listeners = new Set<(ids: string[]) => void>();

  const isLive = (t: TokenRecord | undefined) => !!t && !t.revoked;

  function index(tokens: TokenRecord[]): void {
    const nextHash = new Map<string, TokenRecord>();
    const nextId = new Map<string, TokenRecord>();
    for (const t of tokens) {
      nextHash.set(t.hash, t);
      nextId.set(t.id, t);
    }
    const gone: string[] = [];
    for (const [id, t] of byId) if (isLive(t) && !isLive(nextId.get(id))) gone.push(id);
    byHash = nextHash;
    byId = nextId;
    if (gone.length === 0) return;
    for (const listener of [...listeners]) {
      try {
        listener(gone);
      } catch (err) {
        opts.onError?.(err);
      }
    }
  }

  // mtime + size + inode: lowdb writes a temp file and renames it, so every save is a new inode.
  async function mark(): Promise<string> {
    const s = await stat(file, { bigint: true }).catch(() => null);
    return s ? `${s.mtimeNs}:${s.size}:${s.ino}` : 'missing';
  }

  // The version of the file that could not be read: reported once, not at every re-check.
  let failed = '';
  async function load(): Promise<void> {
    const m = await mark();
    if (m === seen || m === failed) return;
    try {
      // A missing file reads as "no change" in lowdb (data stays): keep what we have.
      await db.read();
      if (!db.data || !Array.isArray(db.data.tokens)) throw new Error(`${file}: not a makegood tokens file (expected {"tokens": [...]})`);
    } catch (err) {
      failed = m;
      // Back to the copy the Maps hold, so a later add() or revoke() does not build on garbage.
      db.data = { tokens: [...byId.values()] };
      throw err;
    }
    seen = m;
    index(db.data.tokens);
  }

  // One load at a time; a request during a load waits for the next one so it sees changes made meanwhile.
  let running: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  function refresh(): Promise<void> {
    if (!running) {
      running = load().finally(() => (running = null));
      return running;
    }
    queued ??= running.catch(() => {}).then(() => {
      queued = null;
      return refresh();
    });
    return queued;
  }

  // Records are replaced, never changed in place: the Maps still hold the old ones, so
  // index() can tell what changed. Whatever happens, the next read comes from disk.
  async function write(): Promise<void> {
    try {
      await db.write();
    } finally {
      seen = '';
    }
    await refresh();
  }

  await refresh();

  // Background freshness for the server: per-call checks would cost a stat per event.
  let watcher: FSWatcher | null = null;
  let timer: NodeJS.Timeout | null = null;
  const background = () =>
    void refresh().catch((err: unknown) => {
      // Keep the last good copy: a hand-edited, broken file must not lock everyone out.
      opts.onError?.(err);
    });
  if (opts.watch) {
    try {
      watcher = fsWatch(dataDir, { persistent: false }, (_type, name) => {
        if (name === null || name === TOKENS_FILE) background();
      });
      watcher.on('error', () => {
        watcher?.close();
        watcher = null; // the periodic check still covers us
      });
    } catch {
      watcher = null;
    }
    timer = setInterval(background, opts.recheckMs ?? 1000);
    timer.unref();
  }
  const current = opts.watch ? () => Promise.resolve() : refresh;

  return {
    file,
    async verify(secret) {
      if (!looksLikeSecret(secret)) return null;
      await current();
      // No constant-time compare needed: the Map key is sha256(secret), not the secret. Timing
      // can only reveal how much of a *hash* matched, and finding a secret whose hash shares a
      // prefix with a stored one teaches nothing about the stored secret (preimage resistance).
      const hash = hashSecret(secret);
      let found = byHash.get(hash);
      if (!found && opts.watch) {
        // A token made a moment ago by the CLI may not have reached us yet: look once more.
        // Concurrent misses share one re-check, so junk tokens cost at most one stat at a time.
        await refresh().catch(() => {});
        found = byHash.get(hash);
      }
      return isLive(found) ? toPrincipal(found!) : null;
    },
    isActive(tokenId) {
      return isLive(byId.get(tokenId));
    },
    onRevoked(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async add(input) {
      const problems = checkNewToken(input);
      if (problems.length > 0) throw new MakegoodError('invalid_payload', problems.join('; '));
      await refresh();
      const secret = newSecret();
      const record: TokenRecord = {
        id: newTokenId(),
        role: input.role,
        name: input.name.trim(),
        locations: [...input.locations],
        created: new Date().toISOString(),
        revoked: null,
        hash: hashSecret(secret),
        ...(input.demo ? { demo: true } : {}),
      };
      db.data.tokens.push(record);
      await write();
      return { record: { ...record }, secret };
    },
    async list() {
      await current();
      return [...byId.values()].map((t) => ({ ...t }));
    },
    async revoke(id) {
      await refresh();
      const at = db.data.tokens.findIndex((t) => t.id === id);
      const found = db.data.tokens[at];
      if (!found) return null;
      if (found.revoked) return { ...found };
      const revoked = { ...found, revoked: new Date().toISOString() };
      db.data.tokens[at] = revoked;
      await write();
      return { ...revoked };
    },
    refresh,
    close() {
      watcher?.close();
      watcher = null;
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
