/** `makegood rules schema [--write FILE]`: the JSON Schema editors use for autocomplete. */
import { writeFile } from 'node:fs/promises';
import { rulesJsonSchemaText } from '../rules/index.ts';
import { EXIT, type Command } from './command.ts';
import { parseFlags, usageError } from './rules-args.ts';

const usage = `Usage: makegood rules schema [--write FILE]

Prints the JSON Schema of the rules file, generated from the same schema the
loader uses. With --write, writes it to FILE (the repo keeps it at
rules/schema.json; gestures.yaml points editors at it on its first line).`;

export const schemaSubcommand: Command = {
  name: 'schema',
  summary: 'print or write the JSON Schema of the rules file',
  async run(argv) {
    const parsed = parseFlags('makegood rules schema', usage, argv, { write: { type: 'string' } });
    if (!parsed.ok) return parsed.code;
    if (parsed.positionals.length > 0) return usageError('makegood rules schema', `unexpected argument "${parsed.positionals[0]}"`, usage);
    const text = rulesJsonSchemaText();
    const target = parsed.values.write;
    if (typeof target !== 'string') {
      process.stdout.write(text);
      return EXIT.ok;
    }
    try {
      await writeFile(target, text, 'utf8');
    } catch (err) {
      console.error(`makegood rules schema: cannot write ${target}: ${(err as Error).message}`);
      return EXIT.failed;
    }
    console.log(`wrote ${target}`);
    return EXIT.ok;
  },
};
