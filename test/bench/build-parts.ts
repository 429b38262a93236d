/**
 * main.ts is bundled to dist/bench.js by server/build.mjs; the processes it starts
 * (echo servers, load clients, log, match and reload probes) are bundled here, at run time, with
 * esbuild's API into dist/bench/, so `npm run bench` needs no extra build step.
 * Each part builds on its own: a part whose server module is missing is reported, the rest run.
 */
import { build } from 'esbuild';
import { join } from 'node:path';

export const PARTS = ['echo-server', 'durable-echo-server', 'load-client', 'log-probe', 'match-probe', 'reload-probe'] as const;
export type Part = (typeof PARTS)[number];

export type Built = { [P in Part]: { ok: true; file: string } | { ok: false; error: string } };

export async function buildParts(root: string): Promise<Built> {
  const results = await Promise.all(
    PARTS.map(async (part) => {
      const file = join(root, 'dist/bench', `${part}.js`);
      try {
        await build({
          entryPoints: [join(root, 'test/bench', `${part}.ts`)],
          outfile: file,
          bundle: true,
          platform: 'node',
          format: 'esm',
          target: 'node20',
          packages: 'external',
          sourcemap: true,
          logLevel: 'silent',
          absWorkingDir: root,
        });
        return [part, { ok: true, file }] as const;
      } catch (err) {
        const first = (err as { errors?: { text: string }[] }).errors?.[0]?.text ?? String(err);
        return [part, { ok: false, error: `cannot build test/bench/${part}.ts: ${first}` }] as const;
      }
    }),
  );
  return Object.fromEntries(results) as Built;
}

/** The built file, or throws the build error (caught by the phase that needed it). */
export function part(built: Built, p: Part): string {
  const b = built[p];
  if (!b.ok) throw new Error(b.error);
  return b.file;
}
