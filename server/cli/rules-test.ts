/**
 * `makegood rules test`: try one description against the rules, or run a file
 * of example cases as a regression suite (exit 1 on any miss).
 */
import { readFile } from 'node:fs/promises';
import type { RecommendInput } from '../contract/recommendation.ts';
import { ExampleBook, formatProblem, loadRulesFile, rulesFilePath, type RulesEngine } from '../rules/index.ts';
import { parseLabelledLines } from '../rules/learn-data.ts';
import { didYouMean } from '../rules/suggest.ts';
import { EXIT, type Command } from './command.ts';
import { numberFlag, parseFlags, usageError } from './rules-args.ts';
import { parseCases, runCases } from './rules-cases.ts';
import { formatRecommendation, learnedLines } from './rules-explain.ts';

const usage = `Usage: makegood rules test [options] "what went wrong"
       makegood rules test --cases FILE.jsonl [--rules FILE] [--examples FILE.jsonl] [--json]

Shows the gesture the rules pick for a description, the words to say and why.

Options:
  --rules FILE     rules file (default $RULES_FILE, else rules/gestures.yaml)
  --wait MIN       minutes the customer waited or will wait
  --tier T         customer tier, e.g. gold
  --location L     location id, e.g. des-moines
  --paid AMOUNT    what the customer paid (applies the value cap)
  --customer REF   customer reference
  --previous N     earlier recoveries of this customer inside the repeat window
  --lang CODE      language for the words to say, e.g. es
  --json           print the recommendation (or case results) as JSON
  --cases FILE     run example cases, one JSON object per line:
                   {"text": "...", "expect": "rule-id" | "fallback", "gesture"?: "id",
                    "wait"?: 30, "tier"?: "gold", "location"?: "x", "paid"?: 40,
                    "customer"?: "c-1", "previous"?: 1, "lang"?: "es", "note"?: "..."}
                   prints the misses and the accuracy; exit 1 on any miss.
  --examples FILE  labelled descriptions learned as if staff had made these
                   corrections ({"text": "...", "expect": "rule-id"} lines, as in
                   cases files): how a manager checks the engine learns their desk.
  --learned        with --cases: print which corpus kind each rule inherited.

Examples:
  makegood rules test "parts for the booked repair were never ordered"
  makegood rules test --wait 1500 --location des-moines "parts never ordered"
  makegood rules test --cases rules/examples/cases.jsonl
  makegood rules test --rules R.yaml --examples desk.jsonl --cases C.jsonl`;

const CMD = 'makegood rules test';

/** Reads --examples into a book of corrections; unknown rules and bad lines are reported with file:line. */
async function readExamples(file: string, ruleIds: readonly string[], book: ExampleBook): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    console.error(`${CMD}: cannot read ${file}: ${(err as Error).message}`);
    return false;
  }
  const { lines, problems } = parseLabelledLines(text, file, 'expect');
  for (const p of problems) console.error(`${file}:${p.line}: ${p.message}`);
  for (const l of lines) {
    if (l.label !== 'fallback' && !ruleIds.includes(l.label)) {
      const hint = didYouMean(l.label, ruleIds);
      console.error(`${file}:${l.line}: example names unknown rule "${l.label}"; it is ignored${hint ? ` (${hint})` : ''}`);
      continue;
    }
    book.add({ text: l.text, rule_id: l.label, source: { type: 'correction', by: `${file}:${l.line}` } });
  }
  return true;
}

async function loadEngine(file: string, book?: ExampleBook): Promise<RulesEngine | null> {
  const result = await loadRulesFile(file, book ? { book } : {});
  if (result.ok) return result.engine;
  for (const p of result.problems) console.error(formatProblem(p));
  console.error(`${CMD}: ${file} has problems; fix them first (makegood rules check)`);
  return null;
}

function cut(text: string, width: number): string {
  return text.length <= width ? text : text.slice(0, width - 1) + '…';
}

async function runCaseFile(casesFile: string, engine: RulesEngine, json: boolean): Promise<number> {
  let text: string;
  try {
    text = await readFile(casesFile, 'utf8');
  } catch (err) {
    console.error(`${CMD}: cannot read ${casesFile}: ${(err as Error).message}`);
    return EXIT.failed;
  }
  const { cases, problems } = parseCases(text, engine.doc.rules.map((r) => r.id), Object.keys(engine.doc.gestures));
  const results = runCases(engine, cases);
  const misses = results.filter((r) => !r.pass);
  const passed = results.length - misses.length;
  const badLines = new Set(problems.map((p) => p.line)).size;
  const total = results.length + badLines;
  const accuracy = total === 0 ? 0 : Math.round((passed / total) * 1000) / 10;
  if (json) {
    const out = {
      total,
      passed,
      accuracy,
      bad_lines: problems,
      misses: misses.map((m) => ({ line: m.case.line, text: m.case.text, expect: m.case.expect, got: m.got, expect_gesture: m.case.gesture, got_gesture: m.gotGesture })),
    };
    console.log(JSON.stringify(out, null, 2));
  } else {
    for (const p of problems) console.log(`${casesFile}:${p.line}: ${p.message}`);
    if (misses.length > 0) {
      console.log(`${'line'.padEnd(6)}${'text'.padEnd(52)}${'expected'.padEnd(28)}got`);
      for (const m of misses) {
        const expected = m.case.gesture ? `${m.case.expect} / ${m.case.gesture}` : m.case.expect;
        const got = m.case.gesture ? `${m.got} / ${m.gotGesture}` : m.got;
        console.log(`${String(m.case.line).padEnd(6)}${cut(m.case.text, 50).padEnd(52)}${cut(expected, 26).padEnd(28)}${got}`);
      }
    }
    const bad = badLines ? `, ${badLines} bad ${badLines === 1 ? 'line' : 'lines'}` : '';
    console.log(`${passed}/${total} cases pass (${accuracy}%)${misses.length ? `, ${misses.length} missed` : ''}${bad}; rules ${engine.version}`);
  }
  return misses.length === 0 && problems.length === 0 && total > 0 ? EXIT.ok : EXIT.failed;
}

export const testSubcommand: Command = {
  name: 'test',
  summary: 'show the gesture for a description, or run example cases',
  async run(argv) {
    const parsed = parseFlags(CMD, usage, argv, {
      rules: { type: 'string' },
      json: { type: 'boolean' },
      wait: { type: 'string' },
      tier: { type: 'string' },
      location: { type: 'string' },
      paid: { type: 'string' },
      customer: { type: 'string' },
      previous: { type: 'string' },
      lang: { type: 'string' },
      cases: { type: 'string' },
      examples: { type: 'string' },
      learned: { type: 'boolean' },
    });
    if (!parsed.ok) return parsed.code;
    const v = parsed.values;
    const str = (name: string) => (typeof v[name] === 'string' ? (v[name] as string) : undefined);
    const wait = numberFlag('wait', v.wait, 'a number of minutes');
    const paid = numberFlag('paid', v.paid, 'an amount');
    const previous = numberFlag('previous', v.previous, 'a count');
    const flagError = wait.error ?? paid.error ?? previous.error;
    if (flagError) return usageError(CMD, flagError, usage);
    const description = parsed.positionals.join(' ').trim();
    const casesFile = str('cases');
    if (casesFile !== undefined && description) return usageError(CMD, 'give either --cases FILE or a description, not both', usage);
    if (casesFile === undefined && !description) return usageError(CMD, 'say what went wrong, e.g. "parts were never ordered"', usage);

    const book = new ExampleBook();
    const engine = await loadEngine(rulesFilePath(str('rules')), book);
    if (!engine) return EXIT.failed;
    const examplesFile = str('examples');
    if (examplesFile !== undefined && !(await readExamples(examplesFile, engine.doc.rules.map((r) => r.id), book))) return EXIT.failed;
    if (v.learned === true && v.json !== true) for (const line of learnedLines(engine)) console.log(line);
    if (casesFile !== undefined) return runCaseFile(casesFile, engine, v.json === true);

    const context: NonNullable<RecommendInput['context']> = {};
    if (wait.value !== undefined) context.wait_minutes = wait.value;
    if (paid.value !== undefined) context.amount_paid = paid.value;
    const tier = str('tier');
    const location = str('location');
    const customer = str('customer');
    const lang = str('lang');
    if (tier) context.customer_tier = tier;
    if (location) context.location = location;
    if (customer) context.customer_ref = customer;
    if (lang) context.lang = lang;
    const input: RecommendInput = { description, context };
    if (previous.value !== undefined) input.previous_recoveries = Math.floor(previous.value);
    const rec = engine.recommend(input);
    console.log(v.json === true ? JSON.stringify(rec, null, 2) : formatRecommendation(rec, engine.doc.currency, engine.doc.approval_above));
    const i = engine.doc.rules.findIndex((r) => r.id === rec.rule_id);
    const inherited = engine.learning?.inherited[i];
    if (v.json !== true && inherited) console.log(`${'Corpus:'.padEnd(14)}rule "${rec.rule_id}" inherited ${inherited.why}`);
    return EXIT.ok;
  },
};
