/**
 * Labels for the console's keys, from the live rules file: gesture and rule ids → what people
 * read ("Complimentary loaner car", "Parts not ordered"), and the file's currency. Ids the
 * file no longer has are left out; the console then shows the id.
 */
import type { RulesDoc } from '../rules/schema.ts';
import { ruleLabel } from '../rules/recommend-under.ts';
import { pickSay } from '../rules/say.ts';

export interface DisplayLabels {
  labels: { gesture: Record<string, string>; rule: Record<string, string> };
  currency: string;
}

const cache = new WeakMap<object, DisplayLabels>();

export function displayLabels(doc: RulesDoc): DisplayLabels {
  const known = cache.get(doc);
  if (known) return known;
  const gesture: Record<string, string> = {};
  for (const [id, g] of Object.entries(doc.gestures)) gesture[id] = pickSay(g.label, []) ?? id;
  const rule: Record<string, string> = { fallback: 'No rule matched (fallback)' };
  for (const r of doc.rules) rule[r.id] = ruleLabel(r, []);
  const out = { labels: { gesture, rule }, currency: doc.currency };
  cache.set(doc, out);
  return out;
}
