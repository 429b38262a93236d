/**
 * `makegood rules suggest`: what staff corrections say should change in the rules file,
 * numbered; `--apply N` makes change N in the file itself (comments and layout kept),
 * after the same validation a save gets and a dry run against the cases file, so a
 * running server's watcher reloads a file that is known to work. Reads the log read-only.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { EntryOf } from '../contract/log-entry.ts';
import type { RecommendContext } from '../contract/recommendation.ts';
import type { RuleSuggestion } from '../contract/rule-suggestions.ts';
import { LOG_FILE, openJsonlStore } from '../log/jsonl-store.ts';
import { ExampleBook, formatProblem, loadRulesWithSources, rulesFilePath, type RulesEngine } from '../rules/index.ts';
import { parseLabelledLines } from '../rules/learn-data.ts';
import { applyRuleEdit } from '../rules/rules-edit.ts';
import { correctionFacts, suggestChanges, type LabelledExample } from '../rules/suggest-changes.ts';
import { EXIT, type Command } from './command.ts';
import { parseCases, runCases } from './rules-cases.ts';
import { parseFlags, usageError } from './rules-args.ts';

const CMD = 'makegood rules suggest';
const usage = `Usage: ${CMD} [--data DIR] [--rules FILE] [--cases FILE] [--apply N] [--min N] [--json]

Reads the staff corrections in the recovery log ("Not the right problem?") and lists,
numbered, what they say should change in the rules file:
  - words and phrases corrections keep adding to a rule ('blaring' → noise, 4 corrections, 3 locations)
  - rules staff keep correcting away from, with the rule they chose instead
  - labelled examples (corrections, example files) the rules now send to another rule

  --data DIR     data directory holding ${LOG_FILE} (default: $DATA_DIR or ./data)
  --rules FILE   the rules file (default: $RULES_FILE or rules/gestures.yaml)
  --cases FILE   cases for the dry run of --apply (default: examples/cases.jsonl next to the
                 rules file, when there is one)
  --apply N      make suggestion N in the rules file, in place, keeping comments and layout.
                 Refused (file untouched) when the result is not a valid rules file or a case
                 that passed before would fail; a running server reloads the saved file.
  --min N        corrections a word or a rule needs before it is suggested (default 2)
  --json         print JSON ({ corrections, rules_version, suggestions }) instead of a list

Exit codes: 0 listed or applied, 1 the log or rules could not be read or --apply was
refused, 2 bad usage.`;

function fail(message: string): number {
  console.error(`${CMD}: ${message}`);
  return EXIT.failed;
}

/** A line's context as a cases line gives it (wait, tier, location, paid, customer, lang, previous). */
function lineContext(raw: string | undefined): Pick<LabelledExample, 'context' | 'previous_recoveries'> {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(raw ?? '{}') as Record<string, unknown>;
  } catch {
    return {};
  }
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const context: RecommendContext = {};
  const fields: Array<[keyof RecommendContext, unknown]> = [
    ['wait_minutes', num(o['wait'])],
    ['amount_paid', num(o['paid'])],
    ['customer_tier', str(o['tier'])],
    ['location', str(o['location'])],
    ['customer_ref', str(o['customer'])],
    ['lang', str(o['lang'])],
  ];
  for (const [k, v] of fields) if (v !== undefined) (context as Record<string, unknown>)[k] = v;
  const previous = num(o['previous']);
  return previous === undefined ? { context } : { context, previous_recoveries: previous };
}

/** The rules file's example files as labelled lines with their context, for the drift check. */
async function exampleLines(engine: RulesEngine, rulesFile: string): Promise<LabelledExample[]> {
  const out: LabelledExample[] = [];
  for (const path of engine.doc.examples ?? []) {
    const text = await readFile(resolve(dirname(rulesFile), path), 'utf8').catch(() => null);
    if (text === null) continue;
    const raw = text.split('\n');
    for (const l of parseLabelledLines(text, path, 'expect').lines) {
      if (l.label !== 'fallback') out.push({ text: l.text, rule_id: l.label, from: `example from ${path}:${l.line}`, ...lineContext(raw[l.line - 1]) });
    }
  }
  return out;
}

function describe(s: RuleSuggestion): string {
  const edit = s.edit ? (s.edit.op === 'add-mention' ? `add "${s.edit.phrase}" to ${s.edit.rule_id}` : `remove "${s.edit.phrase}" from ${s.edit.rule_id}`) : 'nothing to apply';
  const examples = s.kind === 'drifted' ? '' : s.examples.map((t) => `\n      e.g. "${t}"`).join('');
  return `  ${String(s.n).padStart(3)}. ${s.summary}\n       apply: ${edit}${examples}`;
}

export const suggestSubcommand: Command = {
  name: 'suggest',
  summary: 'what staff corrections say to change in the rules file; --apply N edits it',
  async run(argv) {
    const p = parseFlags(CMD, usage, argv, {
      data: { type: 'string' },
      rules: { type: 'string' },
      cases: { type: 'string' },
      apply: { type: 'string' },
      min: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (!p.ok) return p.code;
    if (p.positionals.length) return usageError(CMD, `unexpected argument "${p.positionals[0]}"`, usage);
    const str = (k: string) => (typeof p.values[k] === 'string' ? (p.values[k] as string) : undefined);
    const whole = (k: string, raw: string | undefined): number | string | undefined => {
      if (raw === undefined) return undefined;
      return /^\d+$/.test(raw.trim()) && Number(raw) >= 1 ? Number(raw) : `--${k} must be a whole number from 1, got "${raw}"`;
    };
    const apply = whole('apply', str('apply'));
    const min = whole('min', str('min'));
    if (typeof apply === 'string') return usageError(CMD, apply, usage);
    if (typeof min === 'string') return usageError(CMD, min, usage);

    const dir = resolve(str('data') ?? process.env['DATA_DIR'] ?? './data');
    const rulesFile = resolve(str('rules') ?? rulesFilePath());
    if (!existsSync(join(dir, LOG_FILE))) return fail(`no recovery log at ${join(dir, LOG_FILE)} (use --data DIR or DATA_DIR)`);
    let text: string;
    try {
      text = await readFile(rulesFile, 'utf8');
    } catch (err) {
      return fail(`cannot read the rules file ${rulesFile}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found (use --rules FILE)' : (err as Error).message}`);
    }

    // The corrections, and the recommendations they corrected, from the log (read-only).
    const pairs: Array<{ correction: EntryOf<'correction'>; recommendation?: EntryOf<'recommendation'> }> = [];
    let store;
    try {
      store = await openJsonlStore(dir, { readOnly: true });
    } catch (err) {
      return fail(err instanceof Error ? err.message : String(err));
    }
    try {
      for (const row of store.rows({ type: 'correction' })) {
        const c = store.get(row.id);
        if (c?.type !== 'correction') continue;
        const r = store.get(c.ref);
        pairs.push(r?.type === 'recommendation' ? { correction: c, recommendation: r } : { correction: c });
      }
    } finally {
      await store.close();
    }
    const facts = correctionFacts(pairs);
    // The engine as the server runs it: the rules, the corpus, and every correction learned.
    const book = new ExampleBook();
    for (const { correction: c } of pairs) book.add({ text: c.description, rule_id: c.rule_id, source: { type: 'correction', by: c.actor.name, at: c.at, location: c.location } });
    const loaded = await loadRulesWithSources(text, rulesFile, { book });
    if (!loaded.ok) return fail(`the rules file is not valid; fix it first:\n${loaded.problems.map((x) => '  ' + formatProblem(x)).join('\n')}`);
    const engine = loaded.engine;
    const suggestions = suggestChanges({
      corrections: facts,
      rules: engine.doc.rules,
      ruleFor: (t, context, previous) => engine.recommend({ description: t, context, ...(previous !== undefined ? { previous_recoveries: previous } : {}) }).rule_id,
      examples: await exampleLines(engine, rulesFile),
      ...(min !== undefined ? { min } : {}),
    });

    if (apply === undefined) {
      if (p.values['json']) {
        console.log(JSON.stringify({ corrections: facts.length, rules_version: engine.version, suggestions }, null, 2));
        return EXIT.ok;
      }
      console.log(`${facts.length} corrections in ${join(dir, LOG_FILE)}; rules ${engine.version} (${rulesFile})`);
      if (suggestions.length === 0) console.log('No suggestions: corrections do not yet agree on anything to change.');
      else console.log(`${suggestions.map(describe).join('\n')}\n\nApply one with: ${CMD} --apply N`);
      return EXIT.ok;
    }

    const chosen = suggestions.find((s) => s.n === apply);
    if (!chosen) return fail(`--apply ${apply}: there ${suggestions.length === 1 ? 'is 1 suggestion' : `are ${suggestions.length} suggestions`}; run ${CMD} to list them`);
    if (!chosen.edit) return fail(`--apply ${apply}: "${chosen.summary}" has nothing to apply to the rules file`);
    const edited = applyRuleEdit(text, chosen.edit);
    if (!edited.ok) return fail(`--apply ${apply}: ${rulesFile}: ${edited.message}`);
    if (!edited.changed) {
      console.log(`${rulesFile}: already has it (${chosen.summary}); nothing changed`);
      return EXIT.ok;
    }
    const after = await loadRulesWithSources(edited.text, rulesFile, { book });
    if (!after.ok) {
      return fail(`--apply ${apply} refused, ${rulesFile} untouched: the result would not be a valid rules file:\n${after.problems.map((x) => '  ' + formatProblem(x)).join('\n')}`);
    }

    // Dry run: no case that passes now may fail after the edit.
    const casesFile = str('cases') ?? join(dirname(rulesFile), 'examples', 'cases.jsonl');
    let checked = 0;
    if (str('cases') !== undefined || existsSync(casesFile)) {
      const casesText = await readFile(casesFile, 'utf8').catch(() => null);
      if (casesText === null) return fail(`cannot read the cases file ${casesFile}`);
      const { cases } = parseCases(casesText, after.engine.doc.rules.map((r) => r.id), Object.keys(after.engine.doc.gestures));
      const before = runCases(engine, cases);
      const now = runCases(after.engine, cases);
      const broken = now.filter((r, i) => !r.pass && before[i]?.pass);
      if (broken.length > 0) {
        const lines = broken.slice(0, 10).map((r) => `  ${casesFile}:${r.case.line}: "${r.case.text}" expected ${r.case.expect}, would get ${r.got}`);
        return fail(`--apply ${apply} refused, ${rulesFile} untouched: it breaks ${broken.length} of ${cases.length} cases:\n${lines.join('\n')}${broken.length > 10 ? `\n  … and ${broken.length - 10} more` : ''}`);
      }
      checked = cases.length;
    }
    await writeFile(rulesFile, edited.text);
    const what = chosen.edit.op === 'add-mention' ? `added "${chosen.edit.phrase}" to ${chosen.edit.rule_id}` : `removed "${chosen.edit.phrase}" from ${chosen.edit.rule_id}`;
    console.log(`${rulesFile}: ${what} (${chosen.summary}); rules ${after.engine.version}`);
    console.log(checked ? `dry run: ${checked} cases in ${casesFile}, none broken` : 'dry run: no cases file, nothing to check (use --cases FILE)');
    console.log('a running server reloads the saved file');
    return EXIT.ok;
  },
};
