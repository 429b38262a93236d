/**
 * Build step (server/build.mjs): trains the corpus kind classifier once and
 * writes dist/kind-model.json, so the server reads it at start instead of
 * training (~2 s CPU). Skipped when the file already matches the corpus.
 * Usage: node dist/kind-model-build.mjs <corpus dir> <out file>
 */
import { readFile, writeFile } from 'node:fs/promises';
import { readLearnData } from './learn-data-file.ts';
import { corpusFingerprint, kindModelFile } from './kind-model.ts';

const [dir = 'corpus', out = 'dist/kind-model.json'] = process.argv.slice(2);
const { data } = await readLearnData(dir);
const old = await readFile(out, 'utf8').catch(() => '');
if (data.lines.length === 0) console.log(`kind model: no corpus lines in ${dir}, nothing written`);
else if (old.includes(`"corpus":"${corpusFingerprint(data)}"`)) console.log(`kind model: ${out} is up to date`);
else {
  const text = kindModelFile(data) as string;
  await writeFile(out, text);
  console.log(`kind model: wrote ${out} (${Math.round(text.length / 1024)} KB) from ${data.lines.length} corpus lines`);
}
