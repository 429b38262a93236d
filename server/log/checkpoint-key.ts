/**
 * The Ed25519 key that signs checkpoints, kept in the data directory:
 * `checkpoint-key.pem` (private, PKCS#8, mode 0600, created on first use) and
 * `checkpoint-key.pub.pem` (public, SPKI) — the file an auditor copies and pins.
 * A key's id is the first 16 hex digits of SHA-256 over its SPKI DER bytes.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const PRIVATE_KEY_FILE = 'checkpoint-key.pem';
export const PUBLIC_KEY_FILE = 'checkpoint-key.pub.pem';

export interface CheckpointKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
  publicPem: string;
  /** Said once, e.g. "created a new checkpoint key" or a loose file mode. */
  notes: string[];
}

export type PublicKeyResult = { ok: true; publicKey: KeyObject; keyId: string } | { ok: false; message: string };

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

const errText = (err: unknown) => (err as NodeJS.ErrnoException).code ?? (err as Error).message;

/** Loads the data directory's key, creating it when there is none. Throws with a message naming the file. */
export function loadOrCreateKey(dataDir: string): CheckpointKey {
  const path = join(dataDir, PRIVATE_KEY_FILE);
  const notes: string[] = [];
  let pem: string | undefined;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${path}: cannot read the checkpoint key (${errText(err)})`);
  }
  if (pem === undefined) {
    const { privateKey } = generateKeyPairSync('ed25519');
    const text = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    try {
      // 'wx': two processes creating at once — the second reads the first's key below.
      writeFileSync(path, text, { mode: 0o600, flag: 'wx' });
      notes.push(`created a new checkpoint signing key ${path}`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new Error(`${path}: cannot create the checkpoint key (${errText(err)})`);
    }
    pem = readFileSync(path, 'utf8');
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch (err) {
    throw new Error(`${path}: not a private key in PEM form (${(err as Error).message})`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${path}: an ${privateKey.asymmetricKeyType} key; checkpoints are signed with Ed25519`);
  try {
    if ((statSync(path).mode & 0o077) !== 0) {
      chmodSync(path, 0o600);
      notes.push(`${path} was readable by others; set to mode 0600`);
    }
  } catch {
    // Not fatal: the key still signs.
  }
  const publicKey = createPublicKey(privateKey);
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const pubPath = join(dataDir, PUBLIC_KEY_FILE);
  let onDisk: string | undefined;
  try {
    onDisk = readFileSync(pubPath, 'utf8');
  } catch {
    onDisk = undefined;
  }
  if (onDisk !== publicPem) {
    try {
      writeFileSync(pubPath, publicPem, { mode: 0o644 });
    } catch (err) {
      notes.push(`${pubPath}: cannot write the public key (${errText(err)}); print it with "makegood log key"`);
    }
  }
  return { privateKey, publicKey, keyId: keyIdOf(publicKey), publicPem, notes };
}

/** Parses an Ed25519 public key (SPKI PEM); `source` names it in messages. */
export function parsePublicKey(text: string, source: string): PublicKeyResult {
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(text);
  } catch (err) {
    return { ok: false, message: `${source}: not a public key in PEM form (${(err as Error).message})` };
  }
  if (publicKey.asymmetricKeyType !== 'ed25519') return { ok: false, message: `${source}: an ${publicKey.asymmetricKeyType} key; checkpoints are signed with Ed25519` };
  return { ok: true, publicKey, keyId: keyIdOf(publicKey) };
}

export function readPublicKey(path: string): PublicKeyResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return { ok: false, message: `${path}: cannot read (${errText(err)})` };
  }
  return parsePublicKey(text, path);
}
