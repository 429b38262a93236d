import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inlineScriptHashes, pagePolicy } from '../../server/http/csp.ts';

const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('inlineScriptHashes()', () => {
  it('hashes each inline script exactly as written, skips scripts with src, and drops repeats', () => {
    const a = "\n  window.makegood = window.makegood || function () {};\n";
    const b = 'console.log("é")';
    const html = `<script>${a}</script><script src="/widget.js" data-token="x" async></script><script type="module">${b}</script><SCRIPT>${a}</SCRIPT >`;
    expect(inlineScriptHashes(html)).toEqual([sha(a), sha(b)]);
  });

  it('finds none in a page without inline scripts', () => {
    expect(inlineScriptHashes('<script src="/console.js"></script><style>b{}</style>')).toEqual([]);
  });
});

describe('pagePolicy()', () => {
  it('allows our scripts and the page’s hashes, nothing inline otherwise, no eval, no foreign framing', () => {
    const policy = pagePolicy('<script>go()</script>');
    expect(policy).toContain(`script-src 'self' ${sha('go()')};`);
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("frame-ancestors 'self'");
    expect(policy).not.toMatch(/unsafe-eval/);
    expect(pagePolicy('<p>hi</p>')).toContain("script-src 'self';");
  });
});
