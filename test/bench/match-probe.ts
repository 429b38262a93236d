/**
 * The match probe (dist/bench/match-probe.js): recommend() cost per request, pure CPU, in a
 * fresh process. Compiles syntheticDoc(30) and syntheticDoc(3000), warms up, then times
 * realistic descriptions (with the typos staff make, so the word cache is not always warm).
 * Prints one JSON line: { match_us_30, match_us_3000, compile_ms_30, compile_ms_3000 }.
 */
import { performance } from 'node:perf_hooks';
import { compileEngine } from '../../server/rules/compile.ts';
import { syntheticDoc } from '../../server/rules/synthetic.ts';
import type { RecommendInput } from '../../server/contract/recommendation.ts';
import { context, description, rng } from './descriptions.ts';
import { ExampleBook } from '../../server/rules/example-book.ts';
import { readLearnData } from '../../server/rules/learn-data-file.ts';
import type { LearnSetup } from '../../server/rules/example-match.ts';
import { join } from 'node:path';

/** One typo in about a fifth of the words: a swapped pair or a dropped letter. */
function typo(text: string, r: () => number): string {
  return text
    .split(' ')
    .map((w) => {
      if (w.length < 5 || r() > 0.2) return w;
      const i = 1 + Math.floor(r() * (w.length - 3));
      return r() < 0.5 ? w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2) : w.slice(0, i) + w.slice(i + 1);
    })
    .join(' ');
}

function inputs(n: number, seed: number): RecommendInput[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => {
    const ctx = context(r);
    return { description: typo(description(r), r), ...(ctx ? { context: ctx } : {}) } as RecommendInput;
  });
}

/** The shipped corpus plus `n` learned corrections spread over the rules (issue 10: 3,000 rules + 10,000 examples). */
async function learnSetup(rules: number, n: number): Promise<LearnSetup> {
  const { data } = await readLearnData(join(process.cwd(), 'corpus'));
  const book = new ExampleBook();
  const r = rng(7);
  const ids = syntheticDoc(rules, 42).rules.map((x) => x.id);
  for (let i = 0; i < n; i++) book.add({ text: description(r), rule_id: ids[Math.floor(r() * ids.length)] as string, source: { type: 'correction', by: 'bench' } });
  return { data, book };
}

function measure(rules: number, learn?: LearnSetup): { us: number; compileMs: number; heapMb: number } {
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const engine = compileEngine(syntheticDoc(rules, 42), `bench-${rules}`, learn);
  const compileMs = performance.now() - t0;
  const warm = inputs(2_000, 1);
  for (const input of warm) engine.recommend(input);
  const timed = inputs(20_000, 2);
  let sink = 0;
  // At least 20,000 calls and at least a second, so one GC pause cannot dominate.
  let calls = 0;
  const t1 = performance.now();
  do {
    for (const input of timed) sink += engine.recommend(input).gesture.value;
    calls += timed.length;
  } while (performance.now() - t1 < 1_000 && calls < 200_000);
  const us = ((performance.now() - t1) * 1000) / calls;
  if (sink === -1) console.error(sink); // keep the results alive
  // Heap growth while the engine is alive (includes the caught-up corrections): a rough figure, no forced GC.
  const heapMb = (process.memoryUsage().heapUsed - heap0) / 2 ** 20;
  if (engine.version === '') console.error(engine); // keep the engine alive until measured
  return { us, compileMs, heapMb };
}

const small = measure(30);
const big = measure(3_000);
const learned = measure(3_000, await learnSetup(3_000, 10_000));
process.stdout.write(
  `${JSON.stringify({
    match_us_30: small.us,
    match_us_3000: big.us,
    compile_ms_30: small.compileMs,
    compile_ms_3000: big.compileMs,
    match_us_3000_learned: learned.us,
    compile_ms_3000_learned: learned.compileMs,
    engine_mb_3000_learned: learned.heapMb,
  })}\n`,
);
