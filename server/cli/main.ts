/**
 * `makegood` — one binary, a few command groups. Each group lives in its own file
 * and exports a Command; this file only dispatches.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Command } from './command.ts';
import { rulesCommand } from './rules-cmd.ts';
import { logCommand } from './log-cmd.ts';
import { tokenCommand } from './token-cmd.ts';
import { serveCommand } from './serve-cmd.ts';

const commands: Command[] = [serveCommand, rulesCommand, logCommand, tokenCommand];

const usage = `makegood — service-recovery gestures for the front desk

Usage: makegood <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(8)} ${c.summary}`).join('\n')}

Run "makegood <command> --help" for a command's options.`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage);
    return name === undefined ? 1 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(`makegood: unknown command "${name}"\n\n${usage}`);
    return 2;
  }
  return command.run(rest);
}

// Only run when executed as the CLI, not when imported by tests.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(`makegood: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    },
  );
}
