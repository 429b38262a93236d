/**
 * Tokens on lowdb (a small document, so plain JSONFile is fine). Only hashes are
 * stored. The server and `makegood token` may run at once: reads re-load the file
 * when it changed on disk, so a revoke from the CLI takes effect without a restart.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { Principal, Role } from '../contract/roles.ts';
import { MakegoodError } from '../contract/errors.ts';
import { hashSecret, looksLikeSecret, newSecret, newTokenId, sameHash } from './token-secret.ts';
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

/** What the socket middleware needs. */
export interface TokenVerifier {
  verify(secret: unknown): Promise<Principal | null>;
  isActive(tokenId: string): Promise<boolean>;
}

export interface TokenStore extends TokenVerifier {
  readonly file: string;
  add(input: NewToken): Promise<{ record: TokenRecord; secret: string }>;
  list(): Promise<TokenRecord[]>;
  /** Returns the record, or null when there is no such id. Revoking twice keeps the first time. */
  revoke(id: string): Promise<TokenRecord | null>;
}

export const toPrincipal = (t: TokenRecord): Principal => ({ token_id: t.id, role: t.role, name: t.name, locations: [...t.locations] });

export async function openTokenStore(dataDir: string): Promise<TokenStore> {
  const file = join(dataDir, 'tokens.json');
  const db = new Low<TokensDoc>(new JSONFile<TokensDoc>(file), { tokens: [] });
  let seen = -1;

  // Re-read only when the file changed (mtime+size), so a handshake costs one stat.
  async function fresh(): Promise<TokenRecord[]> {
    const s = await stat(file).catch(() => null);
    const mark = s ? s.mtimeMs * 1e6 + s.size : 0;
    if (mark !== seen) {
      await db.read();
      if (!db.data || !Array.isArray(db.data.tokens)) throw new Error(`${file}: not a makegood tokens file (expected {"tokens": [...]})`);
      seen = mark;
    }
    return db.data.tokens;
  }

  async function write(): Promise<void> {
    await db.write();
    seen = -1;
  }

  await fresh();

  return {
    file,
    async verify(secret) {
      if (!looksLikeSecret(secret)) return null;
      const hash = hashSecret(secret);
      const found = (await fresh()).find((t) => sameHash(t.hash, hash));
      return found && !found.revoked ? toPrincipal(found) : null;
    },
    async isActive(tokenId) {
      const found = (await fresh()).find((t) => t.id === tokenId);
      return !!found && !found.revoked;
    },
    async add(input) {
      const problems = checkNewToken(input);
      if (problems.length > 0) throw new MakegoodError('invalid_payload', problems.join('; '));
      await fresh();
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
      return { record, secret };
    },
    async list() {
      return (await fresh()).map((t) => ({ ...t }));
    },
    async revoke(id) {
      await fresh();
      const found = db.data.tokens.find((t) => t.id === id);
      if (!found) return null;
      if (!found.revoked) {
        found.revoked = new Date().toISOString();
        await write();
      }
      return { ...found };
    },
  };
}
