/**
 * Our pages' Content-Security-Policy in real headless Chromium, against the shipped server
 * (`makegood serve`): the demo front desk and the console run with no violation (the widget
 * connects over WebSocket and recommends), and a script injected into the page is refused.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';

let browser: Browser;
let child: ChildProcess;
let dataDir: string;
let url: string;
let consoleUrl: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'makegood-csp-e2e-'));
  child = spawn(process.execPath, ['dist/makegood.js', 'serve', '--port', '0', '--host', '127.0.0.1', '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  [url, consoleUrl] = await new Promise<[string, string]>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const listening = /makegood listening on (http:\/\/\S+)/.exec(out)?.[1];
      const manager = /console \(manager\):\s+(\S+)/.exec(out)?.[1];
      if (listening && manager) resolve([listening, manager]);
    });
    child.once('exit', (code) => reject(new Error(`makegood serve exited with ${code}:\n${out}`)));
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  child?.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

/** A page that records every CSP violation (the listener is installed outside the page's policy). */
async function watched(): Promise<Page> {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { violations: string[] };
    w.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
  return page;
}
const violations = (page: Page) => page.evaluate(() => (window as unknown as { violations: string[] }).violations);

describe('Content-Security-Policy on our pages', () => {
  it('the demo front desk runs the widget with no violation; an injected script does not run', async () => {
    const page = await watched();
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    const res = await page.goto(`${url}/`);
    expect(res?.headers()['content-security-policy']).toMatch(/script-src 'self' 'sha256-/);
    // The page's own inline script (the board's prefill buttons) is allowed by its hash.
    await page.locator('[data-prefill]').first().click();
    await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('article', { name: /^Recommendation: / }).waitFor();
    expect(sockets.some((s) => s.includes('transport=websocket'))).toBe(true);
    expect(await violations(page)).toEqual([]);

    const ran = await page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.injected = true';
      document.head.appendChild(s);
      await new Promise((r) => setTimeout(r, 0));
      return (window as unknown as { injected?: boolean }).injected === true;
    });
    expect(ran).toBe(false);
    expect(await violations(page)).toEqual([expect.stringMatching(/^script-src-elem inline/)]);
    await page.close();
  });

  it('the console signs in and shows its tabs with no violation', async () => {
    const page = await watched();
    await page.goto(consoleUrl);
    await page.getByRole('button', { name: 'Alerts' }).click();
    await page.getByRole('heading', { name: 'Strike-team alerts' }).waitFor();
    expect(await violations(page)).toEqual([]);
    await page.close();
  });
});
