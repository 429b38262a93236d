/**
 * Streams a JSON-lines file as byte ranges, synchronously, in big chunks: the store's
 * open, `verify` and `all()` all read 1M-entry logs this way without holding the file.
 */
import { readSync } from 'node:fs';

export interface RawLine {
  /** Holds the line's bytes at [start, end); reused after the next line is read. */
  buf: Buffer;
  start: number;
  end: number;
  /** Byte offset of the line's first byte in the file. */
  offset: number;
  /** 1-based line number. */
  lineNo: number;
  /** False for a last line with no newline after it. */
  terminated: boolean;
  /** True for the last line before `to`. */
  last: boolean;
}

const NL = 0x0a;

/** Lines of the file open as `fd` between byte offsets `from` and `to` (the file's size). */
export function* readLines(fd: number, to: number, from = 0, firstLineNo = 1, chunk = 4 << 20): Generator<RawLine> {
  let buf = Buffer.allocUnsafe(chunk);
  let filled = 0; // bytes in buf
  let bufOffset = from; // file offset of buf[0]
  let pos = from; // next file offset to read
  let lineNo = firstLineNo;
  while (true) {
    if (filled === buf.length) {
      // One line longer than the buffer: grow it.
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, filled);
      buf = bigger;
    }
    const want = Math.min(buf.length - filled, to - pos);
    const got = want > 0 ? readSync(fd, buf, filled, want, pos) : 0;
    pos += got;
    filled += got;
    const eof = got === 0 || pos >= to;
    let start = 0;
    let nl = buf.indexOf(NL, start);
    while (nl !== -1 && nl < filled) {
      const line: RawLine = {
        buf,
        start,
        end: nl,
        offset: bufOffset + start,
        lineNo: lineNo++,
        terminated: true,
        last: eof && nl + 1 === filled,
      };
      yield line;
      start = nl + 1;
      nl = buf.indexOf(NL, start);
    }
    if (eof) {
      if (start < filled) {
        yield { buf, start, end: filled, offset: bufOffset + start, lineNo, terminated: false, last: true };
      }
      return;
    }
    // Keep the partial line at the front of the buffer for the next read.
    buf.copy(buf, 0, start, filled);
    filled -= start;
    bufOffset += start;
  }
}

/** Line number of the first line at or after `from` whose entry claims `seq`, if any. */
export function findSeqAfter(fd: number, to: number, seq: number): number | undefined {
  const needle = Buffer.from(`"seq":${seq},`);
  const needleEnd = Buffer.from(`"seq":${seq}}`);
  for (const raw of readLines(fd, to)) {
    const line = raw.buf.subarray(raw.start, raw.end);
    if (line.includes(needle) || line.includes(needleEnd)) return raw.lineNo;
  }
  return undefined;
}
