// Builds everything with esbuild: the server/CLI bundle for Node and the browser bundles.
// Prints the gzip size of what a host page downloads for the widget.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
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

// widget.js only, measured against the 24 KB budget (README "Size"):
// - engine.io-client's transport table without WebTransport (~0.9 KB gzip). Our server never
//   offers it, and connection.ts asks for polling + websocket only; both stay, so a flaky
//   network still falls back to long-polling.
// - socket.io/engine.io's `_private` fields get short names (~0.3 KB gzip). `_placeholder` is on
//   the wire (binary packets), so it keeps its name; mangleQuoted because socket.io-client also
//   writes `io["_reconnecting"]`.
const noWebTransport = {
  name: 'no-webtransport',
  setup(b) {
    b.onLoad({ filter: /engine\.io-client[\/\\]build[\/\\]esm[\/\\]transports[\/\\]index\.js$/ }, () => ({
      contents: 'import { XHR } from "./polling-xhr.node.js"; import { WS } from "./websocket.node.js"; export const transports = { websocket: WS, polling: XHR };',
      loader: 'js',
    }));
  },
};
// - socket.io-parser without binary attachments (~0.8 KB gzip): widget/chat/socket-parser.ts
//   speaks the same JSON packets; neither end sends binaries.
const jsonOnlyParser = {
  name: 'json-only-parser',
  setup(b) {
    b.onResolve({ filter: /^socket\.io-parser$/ }, () => ({ path: new URL('../widget/chat/socket-parser.ts', import.meta.url).pathname }));
  },
};
// - engine.io-client's regex URI parser (~0.4 KB gzip) as the browser's URL, returning the fields
//   socket.io-client and engine.io-client read (source, protocol, host without IPv6 brackets,
//   port, path, query, queryKey); a bare "host:port" is read as http.
// - engine.io-parser's hand-written base64 decoder as atob (only binary packets over polling use it;
//   the widget sends and receives none).
const smallerEngineIo = {
  name: 'smaller-engine-io',
  setup(b) {
    b.onLoad({ filter: /engine\.io-client[\/\\]build[\/\\]esm[\/\\]contrib[\/\\]parseuri\.js$/ }, () => ({
      contents: 'export function parse(s) { const u = new URL(/^[a-z][a-z0-9+.-]*:\\/\\//i.test(s) ? s : "http://" + s), q = u.search.slice(1);'
        + ' return { source: s, protocol: u.protocol.slice(0, -1), host: u.hostname.replace(/^\\[|\\]$/g, ""), port: u.port, path: u.pathname, query: q, queryKey: Object.fromEntries(new URLSearchParams(q)) }; }',
      loader: 'js',
    }));
    b.onLoad({ filter: /engine\.io-parser[\/\\]build[\/\\]esm[\/\\]contrib[\/\\]base64-arraybuffer\.js$/ }, () => ({
      contents: 'export const decode = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0)).buffer; export const encode = (b) => btoa(String.fromCharCode(...new Uint8Array(b)));',
      loader: 'js',
    }));
  },
};
const widget = { ...browser, plugins: [noWebTransport, jsonOnlyParser, smallerEngineIo], mangleProps: /^_[a-zA-Z]/, reserveProps: /^_placeholder$/, mangleQuoted: true };

const jobs = [build({ ...node, entryPoints: { makegood: 'server/cli/main.ts' }, outdir: 'dist' })];
if (existsSync('test/bench/main.ts')) jobs.push(build({ ...node, entryPoints: { bench: 'test/bench/main.ts' }, outdir: 'dist' }));
if (existsSync('widget/chat/loader.tsx')) jobs.push(build({ ...widget, entryPoints: { widget: 'widget/chat/loader.tsx' }, outdir: 'dist/public' }));
// Spanish strings, fetched by widget.js only when a page asks for Spanish (keeps widget.js in budget).
if (existsSync('widget/chat/lang-es.ts')) jobs.push(build({ ...browser, entryPoints: { 'widget-es': 'widget/chat/lang-es.ts' }, outdir: 'dist/public' }));
if (existsSync('widget/console/main.tsx')) jobs.push(build({ ...browser, entryPoints: { console: 'widget/console/main.tsx' }, outdir: 'dist/public' }));
await Promise.all(jobs);

// The corpus kind classifier, trained here once (dist/kind-model.json; the server falls back to training when it is missing).
if (existsSync('corpus') && existsSync('server/rules/kind-model-build.ts')) {
  await build({ ...node, banner: {}, sourcemap: false, entryPoints: { 'kind-model-build': 'server/rules/kind-model-build.ts' }, outdir: 'dist' });
  log(execFileSync(process.execPath, ['dist/kind-model-build.js', 'corpus', 'dist/kind-model.json'], { encoding: 'utf8' }).trim());
}

if (existsSync('dist/public/widget.js')) {
  const gz = (f) => (existsSync(`dist/public/${f}`) ? gzipSync(readFileSync(`dist/public/${f}`), { level: 9 }).length : 0);
  const core = gz('widget.js');
  const es = gz('widget-es.js');
  // The budget is per page: an English page downloads widget.js, a Spanish one widget-es.js too.
  log(`widget.js: ${core} bytes gzip; widget-es.js: ${es}. Per page (budget 24576): en ${core}, es ${core + es}`);
}
log('built dist/');
