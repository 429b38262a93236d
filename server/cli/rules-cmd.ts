/**
 * `makegood rules <subcommand>`: what managers run against their rules file.
 * Subcommands come from one table; each lives in its own rules-*.ts file.
 */
import { EXIT, type Command } from './command.ts';
import { checkSubcommand } from './rules-check.ts';
import { schemaSubcommand } from './rules-schema.ts';
import { testSubcommand } from './rules-test.ts';
import { statsSubcommand } from './rules-stats.ts';
import { suggestSubcommand } from './rules-suggest.ts';

const subcommands: Command[] = [
  checkSubcommand,
  testSubcommand,
  schemaSubcommand,
  statsSubcommand,
  suggestSubcommand,
];

const usage = `Usage: makegood rules <subcommand> [options]

Subcommands:
${subcommands.map((s) => `  ${s.name.padEnd(8)} ${s.summary}`).join('\n')}

Run "makegood rules <subcommand> --help" for its options.
The rules file is $RULES_FILE, else rules/gestures.yaml, unless a command is given one.`;

export const rulesCommand: Command = {
  name: 'rules',
  summary: 'check, try and test the rules file (rules/gestures.yaml)',
  async run(argv) {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      console.log(usage);
      return name === undefined ? EXIT.usage : EXIT.ok;
    }
    const sub = subcommands.find((s) => s.name === name);
    if (!sub) {
      console.error(`makegood rules: unknown subcommand "${name}"\n\n${usage}`);
      return EXIT.usage;
    }
    return sub.run(rest);
  },
};
