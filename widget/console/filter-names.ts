/**
 * The auditor's filters take names: "Des Moines", "des", "Complimentary loaner car", or the id.
 * Resolved against the values in the log (log:suggest): an id or a full name wins, else one
 * name starting with (or holding) the text; two or more candidates or none is said in words.
 */
import type { FilterSuggestions } from '../../server/contract/index.ts';
import { placeName } from './format.ts';

export type Named = { id: string; label: string };
export type Resolved = { ok: true; id: string } | { ok: false; message: string };

export function choicesFor(kind: 'location' | 'rule' | 'gesture' | 'staff', s: FilterSuggestions): Named[] {
  if (kind === 'location') return s.locations.map((id) => ({ id, label: placeName(id) }));
  if (kind === 'staff') return s.staff.map((id) => ({ id, label: id }));
  return kind === 'rule' ? s.rules : s.gestures;
}

const norm = (t: string) => t.trim().toLowerCase().replace(/[\s_-]+/g, ' ');

export function resolveName(what: string, text: string, choices: Named[]): Resolved {
  const q = norm(text);
  const exact = choices.find((c) => norm(c.id) === q || norm(c.label) === q);
  if (exact) return { ok: true, id: exact.id };
  const starts = choices.filter((c) => norm(c.label).startsWith(q) || norm(c.id).startsWith(q));
  const pool = starts.length > 0 ? starts : choices.filter((c) => norm(c.label).includes(q) || norm(c.id).includes(q));
  if (pool.length === 1) return { ok: true, id: pool[0]!.id };
  if (pool.length === 0) return { ok: false, message: `${what}: nothing in the log matches “${text.trim()}”.` };
  const names = pool.slice(0, 4).map((c) => c.label);
  return { ok: false, message: `${what}: “${text.trim()}” matches ${names.join(', ')}${pool.length > 4 ? ` and ${pool.length - 4} more` : ''}; type more of the name.` };
}
