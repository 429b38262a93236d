/**
 * Size budget (not a timing): everything a host page downloads for the widget is widget.js,
 * at most 24,576 bytes gzip. Spanish comes separately and only for Spanish pages.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

describe('widget bundle', () => {
  beforeAll(() => {
    execFileSync(process.execPath, ['server/build.mjs', '--quiet'], { stdio: 'inherit' });
  });

  it('widget.js is at most 24,576 bytes gzip', () => {
    expect(gz('dist/public/widget.js')).toBeLessThanOrEqual(24_576);
  });

  it('the Spanish pack stays small (about the size of the strings)', () => {
    expect(gz('dist/public/widget-es.js')).toBeLessThanOrEqual(1_400);
  });

  it('bundles no server code (the contract is imported with `import type` only)', () => {
    const js = readFileSync('dist/public/widget.js', 'utf8');
    expect(js).not.toMatch(/node:|lowdb|ZodError|MakegoodError|EVENT_ROLES/);
  });
});
