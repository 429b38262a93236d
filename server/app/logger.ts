/**
 * Server-side diagnostics. Never pass a token secret to these: only token ids.
 * Tests pass a silent or collecting logger; `makegood serve` logs to the console.
 */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, err?: unknown): void;
}

export const consoleLogger: Logger = {
  info: (m) => console.log(m),
  warn: (m) => console.warn(m),
  error: (m, err) => console.error(m, err instanceof Error ? (err.stack ?? err.message) : (err ?? '')),
};

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/** Keeps messages in memory; tests use it to check what the server reported. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m, err) => lines.push(`error ${m} ${err instanceof Error ? err.message : String(err ?? '')}`),
  };
}

/** What a tally reports at the end of each period. */
export interface TallySummary {
  /** Occurrences counted since the last report (the first of a quiet spell is not among them: it was logged in full). */
  total: number;
  /** Distinct sources among them (addresses, say); `capped` when more were seen than are kept. */
  sources: number;
  capped: boolean;
  /** Occurrences per kind, largest first. */
  byKind: [string, number][];
  /** Length of the period reported, in ms. */
  ms: number;
}

export interface WarningTally {
  /** One occurrence. The first after a quiet period is logged at once with `line()`; the rest are counted. */
  add(kind: string, source: string, line: () => string): void;
  /** Reports what is counted now, if anything (close() does too). */
  flush(): void;
  close(): void;
}

const MAX_SOURCES = 10_000;

/**
 * Keeps a flood of one warning (refused handshakes, say) from flooding the output: the first
 * occurrence is logged as it is, then one summary line per `everyMs` while they keep coming;
 * after a period with none, the next is logged in full again.
 */
export function warningTally(log: Logger, opts: { everyMs: number; summary: (s: TallySummary) => string; now?: () => number }): WarningTally {
  const now = opts.now ?? Date.now;
  let timer: ReturnType<typeof setInterval> | null = null;
  let since = 0;
  let total = 0;
  let capped = false;
  const sources = new Set<string>();
  const byKind = new Map<string, number>();

  function report(): boolean {
    if (total === 0) return false;
    const t = now();
    log.warn(opts.summary({ total, sources: sources.size, capped, byKind: [...byKind].sort((a, b) => b[1] - a[1]), ms: t - since }));
    since = t;
    total = 0;
    capped = false;
    sources.clear();
    byKind.clear();
    return true;
  }
  function stop(): void {
    if (timer) clearInterval(timer);
    timer = null;
  }

  return {
    add(kind, source, line) {
      if (!timer) {
        log.warn(line());
        since = now();
        timer = setInterval(() => {
          if (!report()) stop(); // a quiet period: the next one is news again
        }, opts.everyMs);
        timer.unref?.();
        return;
      }
      total++;
      byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
      if (sources.size < MAX_SOURCES) sources.add(source);
      else if (!sources.has(source)) capped = true;
    },
    flush: () => void report(),
    close() {
      report();
      stop();
    },
  };
}
