/** A CLI command group: `makegood <name> ...`. run() returns the exit code. */
export interface Command {
  name: string;
  summary: string;
  run(argv: string[]): Promise<number>;
}

/** Exit codes: 0 ok, 1 the check failed (invalid file, bad chain, test miss), 2 bad usage. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
