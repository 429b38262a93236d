/**
 * Reads a log file on open: checks every line's hash and link and builds the index, using
 * the saved index file for the part it still matches byte for byte. A torn last line is
 * returned for the caller to cut when it lies past the durable head (never acknowledged);
 * any other bad line, or a log that lacks acknowledged entries, throws, naming it.
 */
import type { LogHead } from './store.ts';
import { MakegoodError } from '../contract/errors.ts';
import { ChainChecker } from './chain-check.ts';
import { lineHasHash } from './hash-chain.ts';
import { loadSnapshot, type Snapshot } from './index-snapshot.ts';
import { checkAgainstHead, type DurableHead } from './durable-head.ts';
import { LogIndex } from './log-index.ts';
import { findSeqAfter, readLines } from './read-lines.ts';

export interface ScanResult {
  index: LogIndex;
  head: LogHead;
  /** Byte length of the good entries (where the next append goes). */
  good: number;
  /** Entries taken from the saved index file. */
  fromIndexFile?: number;
  /** A torn last line: where it starts and how long it is. */
  torn?: { message: string; line: number; offset: number; bytes: number };
  warnings: string[];
}

/** The durable head to hold the log to, and its file (for messages). */
export interface HeadCheck {
  head: DurableHead;
  path: string;
}

export function scanLog(fd: number, size: number, path: string, indexPath: string, durable?: HeadCheck): ScanResult {
  const warnings: string[] = [];
  const checker = new ChainChecker((seq) => findSeqAfter(fd, size, seq));
  // A saved index lets us skip parsing the lines it still matches; every line is still hashed.
  const snap = loadSnapshot(indexPath);
  const knew = snap?.index.count ?? 0;
  const matched = snap ? matchingPrefix(fd, size, snap) : 0;
  if (snap && matched < knew) {
    warnings.push(`recovery log ${path}: the saved index matches the log for ${matched} of its ${knew} entries; read the rest from the log`);
  }
  const index = snap && matched > 0 ? snap.index : new LogIndex();
  index.truncate(matched);
  const covered = matched > 0 ? matched : undefined;
  let good = 0;
  if (matched > 0) {
    checker.resume(matched, index.hashOf(matched), (seq) => index.hashOf(seq));
    good = index.offset.get(matched - 1) + index.length.get(matched - 1) + 1;
  }
  let torn: ScanResult['torn'];
  for (const raw of readLines(fd, size, good, index.count + 1)) {
    const r = checker.check(raw);
    if (r.entry) {
      index.add(r.entry, raw.offset, raw.end - raw.start);
      good = raw.offset + (raw.end - raw.start) + 1;
      continue;
    }
    if (r.problem.kind !== 'truncated') {
      throw new MakegoodError(
        'unavailable',
        `recovery log ${path}: ${r.problem.message} — refusing to open it for writing; run "makegood log verify" and restore the file from a backup`,
      );
    }
    torn = { message: r.problem.message, line: raw.lineNo, offset: raw.offset, bytes: size - raw.offset };
    break;
  }
  if (durable) {
    const bytesAt = (seq: number) => (seq === 0 ? 0 : index.offset.get(seq - 1) + index.length.get(seq - 1) + 1);
    const lost = checkAgainstHead(
      durable.head,
      {
        count: checker.count,
        hashAt: (seq) => (seq === 0 ? checker.head : index.hashOf(seq)),
        bytesAt: (seq) => (seq <= checker.count ? bytesAt(seq) : undefined),
        ...(torn ? { stop: { line: torn.line, offset: torn.offset, message: torn.message } } : {}),
        size,
      },
      path,
      durable.path,
    );
    if (lost) throw new MakegoodError('unavailable', `${lost} — refusing to open it`);
  }
  if (knew > checker.count) {
    // The index file is only ever written from durable entries: the log lost some since.
    warnings.push(
      `recovery log ${path}: the saved index knew ${knew} entries but the log has ${checker.count}: entries were removed from the end (restored from an old backup?); check with "makegood log verify --since-checkpoint"`,
    );
  }
  return {
    index,
    head: { count: checker.count, hash: checker.head },
    good,
    ...(covered !== undefined ? { fromIndexFile: covered } : {}),
    ...(torn ? { torn } : {}),
    warnings,
  };
}

/** How many lines, from the start, the log still holds byte for byte as the saved index knew them. */
function matchingPrefix(fd: number, size: number, snap: Snapshot): number {
  const { index } = snap;
  let i = 0;
  for (const raw of readLines(fd, Math.min(size, snap.bytes))) {
    if (!raw.terminated || i >= index.count) break;
    if (raw.offset !== index.offset.get(i) || raw.end - raw.start !== index.length.get(i)) break;
    if (!lineHasHash(raw.buf, raw.start, raw.end, index.hashBytes(i + 1))) break;
    i++;
  }
  return i;
}
