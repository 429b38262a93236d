/**
 * Cross-checks that need the whole validated document: ids that must be
 * unique, names that must exist, rules that can never fire. Pure.
 * Errors stop a load; warnings are oddities a manager should see but that do
 * not make the file unusable.
 */
import type { RulesProblem } from './engine.ts';
import type { RulesDoc, Say } from './schema.ts';
import { NEGATORS } from './negation.ts';
import { phraseWords } from './normalize.ts';
import { STOPWORDS } from './stopwords.ts';
import { findShadowed, mentionKey } from './shadow.ts';
import { didYouMean } from './suggest.ts';
import { describePath } from './where.ts';
import { offsetOf, positionAt, type Path, type YamlSource } from './yaml-source.ts';

/**
 * The matcher never fires on a phrase of only little or negative words ("the",
 * "not", "didn't" = "did not"): it would match almost anything. Asks the
 * matcher's own word lists, after its own normalising, so the two agree.
 */
function onlyLittleWords(mention: string): boolean {
  const ws = phraseWords(mention);
  return ws.length > 0 && ws.every((w) => STOPWORDS.has(w) || NEGATORS.has(w));
}

export function crossCheck(doc: RulesDoc, source: YamlSource, file: string): RulesProblem[] {
  const out: RulesProblem[] = [];
  const lineOf = (path: Path) => positionAt(source, offsetOf(source, path)).line;
  const report = (severity: RulesProblem['severity'], path: Path, message: string, hint?: string) => {
    // A whole gesture is pointed at by its name, not its first field.
    const atKey = path.length === 2 && path[0] === 'gestures';
    const { line, col } = positionAt(source, offsetOf(source, path, { key: atKey }));
    const problem: RulesProblem = { file, line, col, where: describePath(path, doc).where, message, severity };
    if (hint) problem.hint = hint;
    out.push(problem);
  };
  const gestureIds = Object.keys(doc.gestures);
  const ruleIds = doc.rules.map((r) => r.id);

  const checkOffer = (offer: string[], base: Path) => {
    const seen = new Set<string>();
    offer.forEach((g, i) => {
      if (!(g in doc.gestures)) report('error', [...base, i], `unknown gesture "${g}"`, didYouMean(g, gestureIds) ?? `known gestures: ${gestureIds.join(', ')}`);
      else if (seen.has(g)) report('warning', [...base, i], `gesture "${g}" is offered twice`, 'remove the second one');
      seen.add(g);
    });
  };

  // Duplicate ids: the second one is the mistake; say where the first is.
  const firstRule = new Map<string, number>();
  doc.rules.forEach((rule, i) => {
    const first = firstRule.get(rule.id);
    if (first !== undefined) report('error', ['rules', i, 'id'], `duplicate rule id "${rule.id}"`, `first used at line ${lineOf(['rules', first, 'id'])}; rule ids must be unique`);
    else firstRule.set(rule.id, i);
  });
  const firstAlert = new Map<string, number>();
  doc.alerts.forEach((alert, i) => {
    const first = firstAlert.get(alert.id);
    if (first !== undefined) report('error', ['alerts', i, 'id'], `duplicate alert id "${alert.id}"`, `first used at line ${lineOf(['alerts', first, 'id'])}; alert ids must be unique`);
    else firstAlert.set(alert.id, i);
  });

  doc.rules.forEach((rule, i) => {
    checkOffer(rule.offer, ['rules', i, 'offer']);
    const seen = new Set<string>();
    (rule.when.mentions ?? []).forEach((m, j) => {
      const key = mentionKey(m);
      if (key === '') report('error', ['rules', i, 'when', 'mentions', j], `mention ${JSON.stringify(m)} has no letters or digits, so it never matches`);
      else if (seen.has(key)) report('warning', ['rules', i, 'when', 'mentions', j], `mention "${m}" is listed twice`, 'remove the second one');
      else if (onlyLittleWords(m)) {
        report('warning', ['rules', i, 'when', 'mentions', j], `mention "${m}" is made only of little or negative words, so it never matches`, 'add the word that names the failure, e.g. "not cleaned" instead of "not"');
      }
      seen.add(key);
    });
  });
  checkOffer(doc.fallback.offer, ['fallback', 'offer']);

  doc.alerts.forEach((alert, i) => {
    if (!ruleIds.includes(alert.rule)) report('error', ['alerts', i, 'rule'], `unknown rule "${alert.rule}"`, didYouMean(alert.rule, ruleIds) ?? 'name a rule id from rules:');
  });

  for (const { shadowed, by } of findShadowed(doc.rules)) {
    const winner = doc.rules[by]!;
    report(
      'error',
      ['rules', shadowed, 'id'],
      `never fires: rule "${winner.id}" (line ${lineOf(['rules', by, 'id'])}) matches whenever this one does and has the same or higher priority`,
      `give this rule a higher priority than ${winner.priority}, or narrow "${winner.id}"`,
    );
  }

  // Oddities that do not break anything.
  const offered = new Set([...doc.rules.flatMap((r) => r.offer), ...doc.fallback.offer]);
  for (const g of gestureIds) {
    if (!offered.has(g)) report('warning', ['gestures', g], `gesture "${g}" is not offered by any rule or the fallback`);
  }
  const checkSay = (say: Say | undefined, path: Path) => {
    if (say !== undefined && typeof say !== 'string' && !(doc.language in say)) {
      report('warning', path, `no "${doc.language}" words, the file's default language`, `add ${doc.language}: "..." so every request gets words to say`);
    }
  };
  for (const [g, def] of Object.entries(doc.gestures)) {
    checkSay(def.say, ['gestures', g, 'say']);
    if (typeof def.label !== 'string' && !(doc.language in def.label)) {
      report('warning', ['gestures', g, 'label'], `label: no "${doc.language}" text, the file's default language`, `add ${doc.language}: "..." so every request gets a label`);
    }
  }
  doc.rules.forEach((rule, i) => checkSay(rule.say, ['rules', i, 'say']));
  checkSay(doc.fallback.say, ['fallback', 'say']);
  return out;
}
