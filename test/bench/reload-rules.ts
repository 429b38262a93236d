/**
 * A big rules file that loads (for reload_stall_ms_10k and check_s_10k): syntheticDoc's rules
 * plus one mention of its own per rule, a made-up two-word name no other rule has, so no rule
 * can shadow another ("never fires" is an error, and a file with errors never goes live).
 * Everything else (vocabulary, shared words, context rules) is syntheticDoc's.
 */
import { stringify } from 'yaml';
import { syntheticDoc } from '../../server/rules/synthetic.ts';

const LETTERS = 'bcdfghjklmnpqrstvwxz';

/** A letters-only name for i, distinct for every i: "case " + consonants. */
export function uniqueMention(i: number): string {
  let s = '';
  let n = i;
  do {
    s = LETTERS[n % LETTERS.length]! + s;
    n = Math.floor(n / LETTERS.length);
  } while (n > 0);
  return `case q${s}`;
}

export function reloadRulesText(rules: number, seed: number): string {
  const doc = syntheticDoc(rules, seed);
  doc.rules.forEach((r, i) => {
    r.when.mentions = [...(r.when.mentions ?? []), uniqueMention(i)];
  });
  return stringify(doc);
}
