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
