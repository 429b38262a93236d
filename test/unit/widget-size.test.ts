/**
 * Size budget (not a timing): everything a host page downloads for the widget is at most
 * 24,576 bytes gzip, in every language. An English page downloads widget.js; a Spanish page
 * also downloads widget-es.js (the e2e test checks which files each page really fetches).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';

const BUDGET = 24_576;
const gz = (file: string) => gzipSync(readFileSync(`dist/public/${file}`), { level: 9 }).length;

/** What each language's page downloads. */
const PAGES = { en: ['widget.js'], es: ['widget.js', 'widget-es.js'] };

describe('widget bundle', () => {
  beforeAll(() => {
    execFileSync(process.execPath, ['server/build.mjs', '--quiet'], { stdio: 'inherit' });
  });

  it.each(Object.entries(PAGES))('a page in %s downloads at most 24,576 bytes gzip in all (%j)', (_lang, files) => {
    const total = files.reduce((sum, f) => sum + gz(f), 0);
    expect(total).toBeLessThanOrEqual(BUDGET);
  });

  it('every widget file the build makes is counted for some page', () => {
    const built = readdirSync('dist/public').filter((f) => /^widget.*\.js$/.test(f)).sort();
    expect(built).toEqual([...new Set(Object.values(PAGES).flat())].sort());
  });

  it('widget.js asks for the Spanish pack by the name counted above', () => {
    expect(readFileSync('dist/public/widget.js', 'utf8')).toContain('/widget-es.js');
  });

  it('bundles no server code (the contract is imported with `import type` only)', () => {
    const js = readFileSync('dist/public/widget.js', 'utf8');
    expect(js).not.toMatch(/node:|lowdb|ZodError|MakegoodError|EVENT_ROLES/);
  });

  it('leaves WebTransport out but keeps both polling and WebSocket (flaky networks fall back to polling)', () => {
    const js = readFileSync('dist/public/widget.js', 'utf8');
    expect(js).not.toMatch(/new WebTransport|createBidirectionalStream/);
    expect(js).toMatch(/XMLHttpRequest/);
    expect(js).toMatch(/WebSocket/);
  });
});
