/**
 * Measures matcher settings on the dev sets and corpus cross-validation (never
 * held-out files): `node dist/learn-tune.js '{"k":10}' '{"k":5}' ...`, each
 * argument a JSON ExampleTuning override ("none" = no corpus, the zero-shot matcher).
 * Build: npx esbuild test/bench/learn-tune.ts --bundle --platform=node --format=esm --packages=external --outfile=dist/learn-tune.js
 */
import { casesScore, corpusFoldScores, evalScores, halvesScores, type Score } from './learn-accuracy.ts';

const root = process.cwd();
const fmt = (s: Score[]): string => s.map((x) => `${x.set} ${x.accuracy}`).join('  ');

for (const arg of process.argv.slice(2).length ? process.argv.slice(2) : ['{}']) {
  const t0 = performance.now();
  const none = arg === 'none';
  const tuning = none ? {} : (JSON.parse(arg) as Record<string, unknown>);
  const dev = await evalScores({ root, split: 'dev', corpusDir: none ? null : 'corpus', tuning });
  const avg = (lang: string) => {
    const s = dev.filter((d) => d.set.endsWith(lang));
    const p = s.reduce((a, x) => a + x.passed, 0);
    const t = s.reduce((a, x) => a + x.total, 0);
    return t ? Math.round((p / t) * 1000) / 10 : 0;
  };
  const cv = none || process.env.NO_CV ? [] : await corpusFoldScores(root, 5, tuning);
  if (!none && !process.env.NO_HALVES) cv.push(...(await halvesScores({ root, corpusDir: 'corpus', tuning })));
  cv.push(await casesScore(root, none ? null : 'corpus', tuning));
  console.log(`${arg}  (${Math.round(performance.now() - t0)} ms)\n  dev: ${fmt(dev)}\n  dev avg en ${avg('.en')} es ${avg('.es')}  ${fmt(cv)}`);
}
