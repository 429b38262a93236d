/**
 * The engine's accuracy on descriptions it never learned from (issue 10), reported only,
 * never tuned on: the corpus's held-out lines (corpus/<lang>/heldout.jsonl, with one rule per
 * kind) and the blind holdout sets (eval/<b>.holdout.<lang>.jsonl with eval/<b>.yaml), also
 * with the same business's dev lines learned as corrections (the "--examples" figure).
 */
import { corpusHeldoutScores, evalScores, type Score } from './learn-accuracy.ts';

const total = (s: Score[], lang: string): string => {
  const mine = s.filter((x) => x.set.includes(`.${lang}`));
  const passed = mine.reduce((a, x) => a + x.passed, 0);
  const n = mine.reduce((a, x) => a + x.total, 0);
  return n === 0 ? 'n/a' : `${((100 * passed) / n).toFixed(1)}% of ${n}`;
};

export async function learnPhase(root: string): Promise<string[]> {
  const corpus = await corpusHeldoutScores(root);
  const plain = await evalScores({ root, split: 'holdout', corpusDir: `${root}/corpus` });
  const taught = await evalScores({ root, split: 'holdout', corpusDir: `${root}/corpus`, examplesSplit: 'dev' });
  return [
    `learn: unseen corpus lines (heldout.jsonl): en ${total(corpus, 'en')}, es ${total(corpus, 'es')}`,
    `learn: eval holdout, quick rules, no examples: en ${total(plain, 'en')}, es ${total(plain, 'es')} (${plain.map((s) => `${s.set} ${s.accuracy}`).join(', ')})`,
    `learn: eval holdout, dev lines learned as corrections: en ${total(taught, 'en')}, es ${total(taught, 'es')}`,
  ];
}
