/** Memory of another process, read from /proc: the server's own figures, not the bench's. */
import { readFileSync } from 'node:fs';

export interface ProcMem {
  /** Resident set now, KB. */
  rssKb: number;
  /** Peak resident set, KB. */
  hwmKb: number;
}

export function procMem(pid: number): ProcMem | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null; // not Linux, or the process is gone: the caller says "n/a"
  }
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
  return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
}
