/**
 * Flag parsing for the `makegood rules` subcommands: node's parseArgs, with
 * `--help` and readable usage errors (exit 2, naming the flag) built in.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EXIT } from './command.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

export type Parsed = { ok: true; values: Record<string, string | boolean | undefined>; positionals: string[] } | { ok: false; code: number };

/** Prints a usage error the same way everywhere: what was wrong, then the usage. */
export function usageError(command: string, message: string, usage: string): number {
  console.error(`${command}: ${message}\n\n${usage}`);
  return EXIT.usage;
}

export function parseFlags(command: string, usage: string, argv: string[], options: Options): Parsed {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (err) {
    const e = err as Error & { code?: string };
    const flag = /'([^']+)'/.exec(e.message)?.[1]?.replace(/ <value>$/, '');
    const message =
      e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
        ? `unknown option "${flag}"`
        : e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE'
          ? `option "${flag}" needs a value`
          : e.message;
    return { ok: false, code: usageError(command, message, usage) };
  }
  if (parsed.values.help) {
    console.log(usage);
    return { ok: false, code: EXIT.ok };
  }
  return { ok: true, values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
}

/** A non-negative number flag, or an error message. */
export function numberFlag(name: string, raw: string | boolean | undefined, what: string): { value?: number; error?: string } {
  if (raw === undefined || typeof raw === 'boolean') return {};
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0) return { error: `--${name} must be ${what}, got "${raw}"` };
  return { value };
}
