/** A recommendation as a person reads it in a terminal. Pure: data in, text out. */
import type { GestureView, MatchedTerm, Recommendation } from '../contract/recommendation.ts';
import type { RulesEngine } from '../rules/index.ts';

export function money(value: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: value % 1 === 0 ? 0 : 2 }).format(value);
  } catch {
    return `${value} ${currency}`;
  }
}

function gestureLine(g: GestureView, currency: string): string {
  const approval = g.needs_approval ? ', needs approval' : '';
  return `${g.label} (${g.id}): ${money(g.value, currency)}, ${g.kind}${approval}`;
}

function heardLine(m: MatchedTerm): string {
  const how =
    m.how === 'related' ? `via related word "${m.via ?? m.heard}"` : m.how === 'exact' ? 'exact' : m.how === 'gap' ? 'phrase with words between' : m.how;
  const heard = m.heard && m.heard !== m.term ? ` heard "${m.heard}",` : '';
  return `"${m.term}":${heard} ${how}, score ${m.score}`;
}

const label = (name: string) => `${name}:`.padEnd(14);

export function formatRecommendation(rec: Recommendation, currency: string, approvalAbove: number): string {
  const lines: string[] = [];
  const ex = rec.explanation;
  lines.push(label('Rule') + (rec.fallback ? 'fallback (no rule matched)' : (rec.rule_id ?? 'fallback')));
  lines.push(label('Gesture') + gestureLine(rec.gesture, currency));
  if (rec.alternatives.length === 0) lines.push(label('Alternatives') + 'none');
  rec.alternatives.forEach((g, i) => lines.push((i === 0 ? label('Alternatives') : ' '.repeat(14)) + gestureLine(g, currency)));
  lines.push(label('Say') + `"${rec.say}"`);
  if (rec.gesture.say && rec.gesture.say !== rec.say) lines.push(' '.repeat(14) + `"${rec.gesture.say}"`);
  lines.push(
    label('Approval') +
      (rec.needs_approval ? `NEEDS A MANAGER'S APPROVAL (${money(rec.gesture.value, currency)} is over ${money(approvalAbove, currency)})` : `not needed (up to ${money(approvalAbove, currency)})`),
  );
  if (rec.repeat) lines.push(label('Repeat') + 'yes: an earlier recovery inside the repeat window, so the next offer was used');
  if (rec.read_from_text.wait_minutes !== undefined) lines.push(label('From text') + `wait ${rec.read_from_text.wait_minutes} min`);
  lines.push('Why:');
  if (ex.matched.length === 0) lines.push('  matched     nothing in the text');
  ex.matched.forEach((m, i) => lines.push((i === 0 ? '  matched     ' : '              ') + heardLine(m)));
  ex.conditions.forEach((c, i) => lines.push((i === 0 ? '  conditions  ' : '              ') + c));
  if (ex.example) lines.push(`  similar to  "${ex.example.text}" (${ex.example.from}), similarity ${ex.example.similarity}, adds ${ex.example.score}`);
  if (ex.language) lines.push(`  language    ${ex.language}${ex.heard_as?.length ? `; heard ${ex.heard_as.map((h) => `"${h.from}" as "${h.to}"`).join(', ')}` : ''}`);
  lines.push(`  score       text ${ex.score.text}, priority ${ex.score.priority}, total ${ex.score.total}`);
  if (ex.runner_up) lines.push(`  runner-up   ${ex.runner_up.rule_id} (${ex.runner_up.score}): ${ex.runner_up.why}`);
  ex.notes.forEach((n, i) => lines.push((i === 0 ? '  notes       ' : '              ') + n));
  lines.push(label('Rules') + rec.rules_version);
  return lines.join('\n');
}

/** Which corpus kind each rule inherited (or none, and why), one line per rule. */
export function learnedLines(engine: RulesEngine): string[] {
  const learning = engine.learning;
  if (!learning) return ['corpus: none (no corpus, example files or corrections)'];
  const width = Math.max(...engine.doc.rules.map((r) => r.id.length), 4) + 2;
  return [
    `learns from ${learning.examples} labelled examples; corpus kinds inherited:`,
    ...engine.doc.rules.map((r, i) => `  ${r.id.padEnd(width)}${learning.inherited[i]?.why ?? 'none'}`),
  ];
}
