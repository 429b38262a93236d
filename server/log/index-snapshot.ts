/**
 * The index, saved next to the log (recovery-log.index) so a restart with 1M entries does
 * not parse 1M JSON lines again. It is a cache: on open every log line is still hashed and
 * compared with the hash saved here, and any difference throws the cache away and the log
 * is read in full. `makegood log verify` never uses it. Delete it any time.
 *
 * Layout: "MGIDX1", u32 LE header length, JSON header, then the sections the header sizes:
 * each column, the hashes and the search texts (UTF-8, NUL-separated).
 */
import { readFileSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { LogIndex } from './log-index.ts';

export const INDEX_FILE = 'recovery-log.index';
const MAGIC = 'MGIDX1';
const VERSION = 3;

interface Header {
  version: number;
  count: number;
  /** Log bytes the index covers (the durable length when it was saved). */
  bytes: number;
  head: string;
  names: { locations: string[]; staff: string[]; rules: string[]; gestures: string[]; customers: string[] };
  sections: number[];
}

export interface Snapshot {
  index: LogIndex;
  bytes: number;
  head: string;
}

/** Copies everything now (appends may change the index right after), ready to write. */
export function encodeSnapshot(index: LogIndex, bytes: number, head: string): Buffer[] {
  const n = index.count;
  const sections = [
    ...index.columns().map((c) => Buffer.from(c.bytes(n))),
    Buffer.from(index.hashes.bytes(n * 32)),
    Buffer.from(index.text.slice(0, n).join('\0'), 'utf8'),
  ];
  const header: Header = {
    version: VERSION,
    count: n,
    bytes,
    head,
    names: {
      locations: index.locations.names,
      staff: index.staffNames.names,
      rules: index.rules.names,
      gestures: index.gestures.names,
      customers: index.customers.names,
    },
    sections: sections.map((s) => s.length),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(json.length);
  return [Buffer.from(MAGIC, 'latin1'), len, json, ...sections];
}

/** Writes atomically: a temp file, fsync, rename. A crash leaves the old one or none. */
export async function writeSnapshotFile(path: string, parts: Buffer[]): Promise<void> {
  const tmp = `${path}.tmp`;
  const fh = await open(tmp, 'w');
  try {
    for (const p of parts) await fh.write(p);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
}

/** Loads a saved index, or returns null (missing, other version, damaged). */
export function loadSnapshot(path: string): Snapshot | null {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch {
    return null;
  }
  try {
    if (buf.toString('latin1', 0, MAGIC.length) !== MAGIC) return null;
    const hlen = buf.readUInt32LE(MAGIC.length);
    let at = MAGIC.length + 4;
    const header = JSON.parse(buf.toString('utf8', at, at + hlen)) as Header;
    at += hlen;
    if (header.version !== VERSION || !Number.isSafeInteger(header.count) || header.count < 0) return null;
    const total = header.sections.reduce((a, b) => a + b, 0);
    if (at + total !== buf.length) return null;
    const section = () => {
      const size = header.sections.shift() ?? 0;
      const s = buf.subarray(at, at + size);
      at += size;
      return s;
    };
    const n = header.count;
    const index = new LogIndex();
    for (const c of index.columns()) c.load(section(), n);
    index.hashes.load(section(), n * 32);
    const text = section().toString('utf8');
    const texts = n === 0 ? [] : text.split('\0');
    if (texts.length !== n) return null;
    for (const t of texts) index.text.push(t);
    index.requests.rebuild(n);
    index.locations.load(header.names.locations);
    index.staffNames.load(header.names.staff);
    index.rules.load(header.names.rules);
    index.gestures.load(header.names.gestures);
    index.customers.load(header.names.customers);
    index.count = n;
    return { index, bytes: header.bytes, head: header.head };
  } catch {
    return null;
  }
}
