/**
 * Applies one suggested edit to the text of a rules file, keeping everything else as the
 * manager wrote it: comments, blank lines, quoting, flow or block lists, alignment.
 *
 * The yaml library's Document API finds the rule and its `when.mentions` node (and does the
 * edit on the document, as the reference result). Re-printing the whole document would
 * re-flow every list and re-align every comment, so the change is spliced into the original
 * text at the node's source range instead, and the spliced text is accepted only when it
 * parses to exactly the document the Document API produced. Otherwise String(doc) is used.
 * Pure: text in, text out.
 */
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import type { RuleEdit } from '../contract/rule-suggestions.ts';

export type EditResult = { ok: true; text: string; changed: boolean } | { ok: false; message: string };

const quote = (s: string): string => JSON.stringify(s);

function findRule(doc: Document, ruleId: string): YAMLMap | undefined {
  const rules = doc.get('rules', true);
  if (!isSeq(rules)) return undefined;
  return rules.items.find((r): r is YAMLMap => isMap(r) && r.get('id') === ruleId);
}

/** The mentions list to edit: the list itself, or under per-language mentions the given language's (else the first). */
function mentionsList(rule: YAMLMap, lang: string): { seq: YAMLSeq; path: (string | number)[] } | undefined {
  const when = rule.get('when', true);
  if (!isMap(when)) return undefined;
  const m = when.get('mentions', true);
  if (isSeq(m)) return { seq: m, path: ['when', 'mentions'] };
  if (isMap(m)) {
    const own = m.get(lang, true);
    if (isSeq(own)) return { seq: own, path: ['when', 'mentions', lang] };
    const first = m.items.find((p) => isSeq(p.value));
    if (first && isSeq(first.value) && isScalar(first.key)) return { seq: first.value, path: ['when', 'mentions', String(first.key.value)] };
  }
  return undefined;
}

const scalarText = (n: unknown): string | undefined => (isScalar(n) && typeof n.value === 'string' ? n.value : undefined);

/** Start of the line holding offset `at`. */
const lineStart = (text: string, at: number): number => text.lastIndexOf('\n', at - 1) + 1;

function spliceAdd(text: string, seq: YAMLSeq, phrase: string): string | undefined {
  const [start, end] = seq.range ?? [];
  if (start === undefined || end === undefined) return undefined;
  const last = seq.items[seq.items.length - 1] as Node | undefined;
  if (seq.flow) {
    if (!last?.range) {
      const close = text.lastIndexOf(']', end);
      return close < start ? undefined : `${text.slice(0, close)}${quote(phrase)}${text.slice(close)}`;
    }
    const at = last.range[1];
    return `${text.slice(0, at)}, ${quote(phrase)}${text.slice(at)}`;
  }
  if (!last?.range) return undefined;
  // A block list: a new "- item" line after the last item, at the same indent as its dash.
  const from = lineStart(text, last.range[0]);
  const dash = text.slice(from, last.range[0]).indexOf('-');
  if (dash < 0) return undefined;
  const eol = text.indexOf('\n', last.range[1]);
  const at = eol < 0 ? text.length : eol;
  return `${text.slice(0, at)}\n${' '.repeat(dash)}- ${quote(phrase)}${text.slice(at)}`;
}

function spliceRemove(text: string, seq: YAMLSeq, index: number): string | undefined {
  const item = seq.items[index] as Node | undefined;
  if (!item?.range) return undefined;
  const [s, e] = item.range;
  if (seq.flow) {
    // Take the comma (and the spaces) before it, or after it when it is the first item.
    const before = text.slice(0, s).match(/,\s*$/);
    if (before) return text.slice(0, s - before[0].length) + text.slice(e);
    const after = text.slice(e).match(/^\s*,\s*/);
    return after ? text.slice(0, s) + text.slice(e + after[0].length) : undefined;
  }
  const from = lineStart(text, s);
  const eol = text.indexOf('\n', e);
  return text.slice(0, from) + (eol < 0 ? '' : text.slice(eol + 1));
}

/**
 * @example
 *   applyRuleEdit(text, { op: 'add-mention', rule_id: 'noise', phrase: 'blaring' })
 *   // → { ok: true, text: '…mentions: ["noise", …, "loud neighbors", "blaring"]…', changed: true }
 */
export function applyRuleEdit(text: string, edit: RuleEdit): EditResult {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return { ok: false, message: `the rules file does not parse: ${doc.errors[0]?.message ?? 'YAML error'}` };
  const rule = findRule(doc, edit.rule_id);
  if (!rule) return { ok: false, message: `rule "${edit.rule_id}" is not in the rules file` };
  const lang = typeof doc.get('language') === 'string' ? (doc.get('language') as string) : 'en';
  const list = mentionsList(rule, lang);
  const phrase = edit.phrase.trim();
  if (phrase === '') return { ok: false, message: 'the phrase is empty' };
  let spliced: string | undefined;

  if (edit.op === 'add-mention') {
    if (!list) {
      // No mentions yet: give the rule a list (rare; printed by the library).
      const when = rule.get('when', true);
      if (!isMap(when)) return { ok: false, message: `rule "${edit.rule_id}" has no "when" to add words to` };
      when.set('mentions', doc.createNode([phrase], { flow: true }));
      return { ok: true, text: String(doc), changed: true };
    }
    if (list.seq.items.some((n) => scalarText(n)?.toLowerCase() === phrase.toLowerCase())) return { ok: true, text, changed: false };
    spliced = spliceAdd(text, list.seq, phrase);
    list.seq.add(doc.createNode(phrase));
  } else {
    const index = list ? list.seq.items.findIndex((n) => scalarText(n)?.toLowerCase() === phrase.toLowerCase()) : -1;
    if (!list || index < 0) return { ok: false, message: `rule "${edit.rule_id}" does not list "${phrase}"` };
    if (list.seq.items.length <= 1) return { ok: false, message: `"${phrase}" is the only word of rule "${edit.rule_id}"; removing it would leave the rule nothing to hear` };
    spliced = spliceRemove(text, list.seq, index);
    list.seq.delete(index);
  }

  const wanted = JSON.stringify(doc.toJS());
  if (spliced !== undefined) {
    const check = parseDocument(spliced);
    if (check.errors.length === 0 && JSON.stringify(check.toJS()) === wanted) return { ok: true, text: spliced, changed: true };
  }
  return { ok: true, text: String(doc), changed: true };
}
