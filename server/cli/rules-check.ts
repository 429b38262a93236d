/** `makegood rules check [FILE]`: validate a rules file the way the server will load it. */
import { formatProblem, loadRulesFile, rulesFilePath } from '../rules/index.ts';
import { EXIT, type Command } from './command.ts';
import { parseFlags, usageError } from './rules-args.ts';
import { learnedLines } from './rules-explain.ts';

const usage = `Usage: makegood rules check [FILE] [--learned]

Checks a rules file: YAML syntax, every field, unknown gestures, duplicate ids,
rules that can never fire. Prints each problem as file:line:col.
FILE defaults to $RULES_FILE, else rules/gestures.yaml.
--learned also lists the corpus kind each rule inherited (or none, and why).

Exit codes: 0 valid (warnings may be printed), 1 problems found, 2 bad usage.`;

export const checkSubcommand: Command = {
  name: 'check',
  summary: 'validate the rules file (exit 1 with file:line:col problems)',
  async run(argv) {
    const parsed = parseFlags('makegood rules check', usage, argv, { learned: { type: 'boolean' } });
    if (!parsed.ok) return parsed.code;
    if (parsed.positionals.length > 1) return usageError('makegood rules check', `expected one file, got ${parsed.positionals.length}`, usage);
    const file = rulesFilePath(parsed.positionals[0]);
    const result = await loadRulesFile(file);
    if (!result.ok) {
      for (const p of result.problems) console.log(formatProblem(p));
      const errors = result.problems.filter((p) => p.severity === 'error').length;
      console.error(`${file}: ${errors} ${errors === 1 ? 'problem' : 'problems'}; the server keeps running its last good rules until this is fixed`);
      return EXIT.failed;
    }
    for (const w of result.warnings) console.log(formatProblem(w));
    const { doc, version } = result.engine;
    const warned = result.warnings.length ? ` (${result.warnings.length} ${result.warnings.length === 1 ? 'warning' : 'warnings'})` : '';
    console.log(`${file} is valid: ${Object.keys(doc.gestures).length} gestures, ${doc.rules.length} rules, version ${version}${warned}`);
    if (parsed.values.learned === true) for (const line of learnedLines(result.engine)) console.log(line);
    return EXIT.ok;
  },
};
