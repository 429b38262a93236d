// Builds everything with esbuild: the server/CLI bundle for Node and the browser bundles.
// Prints the gzip size of what a host page downloads for the widget.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { readFileSync, existsSync, mkdirSync } from 'node:fs';

const quiet = process.argv.includes('--quiet');
const log = (...a) => { if (!quiet) console.log(...a); };
mkdirSync('dist/public', { recursive: true });

const node = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  banner: { js: '#!/usr/bin/env node' },
};

const browser = {
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: ['es2020'],
  minify: true,
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'none',
  logLevel: 'warning',
};

const jobs = [build({ ...node, entryPoints: { makegood: 'server/cli/main.ts' }, outdir: 'dist' })];
if (existsSync('test/bench/main.ts')) jobs.push(build({ ...node, entryPoints: { bench: 'test/bench/main.ts' }, outdir: 'dist' }));
if (existsSync('widget/chat/loader.tsx')) jobs.push(build({ ...browser, entryPoints: { widget: 'widget/chat/loader.tsx' }, outdir: 'dist/public' }));
// Spanish strings, fetched by widget.js only when a page asks for Spanish (keeps widget.js in budget).
if (existsSync('widget/chat/lang-es.ts')) jobs.push(build({ ...browser, entryPoints: { 'widget-es': 'widget/chat/lang-es.ts' }, outdir: 'dist/public' }));
if (existsSync('widget/console/main.tsx')) jobs.push(build({ ...browser, entryPoints: { console: 'widget/console/main.tsx' }, outdir: 'dist/public' }));
await Promise.all(jobs);

if (existsSync('dist/public/widget.js')) {
  const bytes = gzipSync(readFileSync('dist/public/widget.js'), { level: 9 }).length;
  const es = existsSync('dist/public/widget-es.js') ? gzipSync(readFileSync('dist/public/widget-es.js'), { level: 9 }).length : 0;
  log(`widget.js: ${bytes} bytes gzip (budget 24576)${es ? `; widget-es.js: ${es} bytes gzip, loaded only for Spanish` : ''}`);
}
log('built dist/');
