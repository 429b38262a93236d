/**
 * The widget in real headless Chromium against the shipped server (`makegood serve`, a separate
 * process with a temp data dir): the demo front desk, a typed failure, a gesture, a decision,
 * and what lands in recovery-log.jsonl — also across a server restart mid-conversation.
 * Screenshots go to /tmp/makegood-widget-*.png for a human look.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LogEntry } from '../../server/contract/log-entry.ts';
import { launchChromium } from '../support/chromium.ts';

const PARTS = 'The parts for his booked repair were never ordered';
const OIL = 'Customer waited 45 minutes past the promised time for an oil change';

interface Serve {
  url: string;
  child: ChildProcess;
  kill9(): Promise<void>;
}

const running = new Set<Serve>();

/** `makegood serve` on `port` (0 = any free one); resolves once it prints where it listens. */
function serve(dataDir: string, port = 0): Promise<Serve> {
  const child = spawn(process.execPath, ['dist/makegood.js', 'serve', '--port', String(port), '--host', '127.0.0.1', '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = once(child, 'exit');
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d) => (out += d));
    child.stdout!.on('data', (d) => {
      out += d;
      const url = /makegood listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (!url) return;
      const s: Serve = {
        url,
        child,
        async kill9() {
          running.delete(s);
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await exited;
        },
      };
      running.add(s);
      resolve(s);
    });
    child.once('exit', (code) => reject(new Error(`makegood serve exited with ${code} before listening:\n${out}`)));
  });
}

/** A port nobody uses right now, so the server can be restarted on the very same one. */
async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

async function readLog(dataDir: string): Promise<LogEntry[]> {
  const text = await readFile(join(dataDir, 'recovery-log.jsonl'), 'utf8');
  return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as LogEntry);
}

/** The widget's saved conversation, as the page holds it in sessionStorage. */
async function savedTurns(page: Page): Promise<{ id: string; text: string }[]> {
  return page.evaluate(() => JSON.parse(sessionStorage.getItem('makegood:chat:v1') ?? '{"turns":[]}').turns);
}

/** Whatever has focus inside the widget's shadow root, described by tag and label. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.querySelector('makegood-widget')?.shadowRoot?.activeElement as HTMLElement | null;
    return el ? `${el.tagName.toLowerCase()}:${el.getAttribute('aria-label') ?? el.id ?? ''}:${el.textContent ?? ''}` : 'none';
  });
}

const require = createRequire(import.meta.url);
/** The README's widget screenshot (docs/widget-reply.png) comes from this test run. */
// Only a run asked to (MAKEGOOD_SCREENSHOTS=docs) rewrites the README's pictures; others keep the tree clean.
const DOCS = process.env.MAKEGOOD_SCREENSHOTS === 'docs' ? new URL('../../docs/', import.meta.url).pathname : `${tmpdir()}/makegood-docs/`;

/** axe-core on the widget only (its shadow root; the demo page is hostile on purpose): serious and critical violations. */
async function axeWidget(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await readFile(require.resolve('axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(c: unknown): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const r = await axe.run({ include: [['makegood-widget']] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.map((x) => String(x.target)).slice(0, 3).join(', ')}`);
  });
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterEach(async () => {
  for (const s of [...running]) await s.kill9();
});
afterAll(async () => {
  await browser?.close();
});

/** A fresh data dir and server, and the demo desk open in a new 1280×800 page that collects page errors. */
async function openDesk(tag: string) {
  const dataDir = await mkdtemp(join(tmpdir(), `makegood-widget-${tag}-`));
  const server = await serve(dataDir);
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/`);
  return { dataDir, server, page, errors };
}

describe('widget on the demo front desk', () => {
  it('typed failure → gesture → accepted → both in the recovery log; survives a reload; isolated from host CSS', async () => {
    const { dataDir, server, page, errors } = await openDesk('e2e');

    const launcher = page.getByRole('button', { name: 'Recovery help' });
    await launcher.waitFor();

    // Host CSS (Comic Sans, red, 3px letter-spacing, button { all: unset }) stays out, ours stays in.
    const look = await launcher.evaluate((b) => {
      const cs = getComputedStyle(b);
      return { font: cs.fontFamily, spacing: cs.letterSpacing, border: cs.borderTopStyle, color: cs.color };
    });
    expect(look.font).not.toMatch(/comic/i);
    expect(look.spacing).toBe('normal');
    expect(look.border).toBe('solid');
    expect(look.color).toBe('rgb(255, 255, 255)');
    const host = await page.evaluate(() => {
      const h = getComputedStyle(document.querySelector('main h2')!);
      const b = getComputedStyle(document.querySelector('main button')!);
      return { spacing: h.letterSpacing, font: h.fontFamily, border: b.borderTopStyle };
    });
    expect(host).toMatchObject({ spacing: '3px', border: 'none' });
    expect(host.font).toMatch(/comic/i);

    // Keyboard: Enter on the launcher opens with the cursor in the text box; Esc closes and returns focus.
    await launcher.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Make it good' }).waitFor();
    expect(await focused(page)).toMatch(/^textarea:/);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect(await focused(page)).toMatch(/^button:.*Recovery help/);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();

    await page.keyboard.type(PARTS);
    await page.keyboard.press('Enter');
    const card = page.getByRole('article', { name: /^Recommendation: / });
    await card.waitFor();
    expect(await card.textContent()).toMatch(/\$\d/);
    await page.screenshot({ path: '/tmp/makegood-widget-desktop.png' });

    await card.getByRole('button', { name: 'Accepted' }).click();
    await card.getByRole('group', { name: 'Customer reaction' }).waitFor();
    await card.getByText('Saving…').waitFor({ state: 'detached' });
    // Final: the card says the outcome and asks only for the reaction.
    expect(await card.getByRole('group', { name: 'Customer reaction' }).textContent()).toContain('Accepted · ');
    expect(await card.getByRole('group', { name: 'Outcome' }).count()).toBe(0);

    const [turn] = await savedTurns(page);
    const log = await readLog(dataDir);
    const rec = log.find((e) => e.type === 'recommendation' && e.request_id === turn!.id);
    expect(rec).toMatchObject({ type: 'recommendation', description: PARTS, location: 'des-moines' });
    const decisions = log.filter((e) => e.type === 'decision' && e.ref === rec!.id);
    expect(decisions).toMatchObject([{ outcome: 'accepted', request_id: turn!.id }]);

    // A reload keeps the conversation (sessionStorage) and the decision made.
    await page.reload();
    const again = page.getByRole('article', { name: /^Recommendation: / });
    await again.waitFor();
    expect(await again.getByRole('group', { name: 'Customer reaction' }).textContent()).toContain('Accepted · ');
    expect(errors).toEqual([]);

    // Small screens and 200% zoom (a 1280×800 window at 200% is a 640×400 CSS viewport).
    await page.setViewportSize({ width: 360, height: 740 });
    await page.screenshot({ path: '/tmp/makegood-widget-360.png' });
    const box = await page.getByRole('dialog').boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(360);
    await page.setViewportSize({ width: 640, height: 400 });
    await page.screenshot({ path: '/tmp/makegood-widget-zoom200.png' });
    // The panel scrolls as a whole there: the composer is reachable and fits once scrolled to.
    const send = page.getByRole('button', { name: 'Send' });
    await send.scrollIntoViewIfNeeded();
    const at = await send.boundingBox();
    expect(at!.y).toBeGreaterThanOrEqual(0);
    expect(at!.y + at!.height).toBeLessThanOrEqual(400);
    await page.screenshot({ path: '/tmp/makegood-widget-zoom200-composer.png' });
    await page.close();
  });

  it('"Not the right problem?": staff pick another rule by keyboard, the card shows its gesture, the log holds the correction', async () => {
    const { dataDir, server, page, errors } = await openDesk('fix');
    await page.getByRole('button', { name: 'Recovery help' }).click();
    await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    await page.getByLabel('What went wrong?').fill(PARTS);
    await page.keyboard.press('Enter');
    const card = page.getByRole('article', { name: /^Recommendation: / });
    await card.waitFor();
    const before = await card.getAttribute('aria-label');

    // Keyboard only: the button opens a search box with focus in it; Esc closes it (not the panel) and focus returns.
    const fix = card.getByRole('button', { name: 'Not the right problem?' });
    await fix.focus();
    await page.keyboard.press('Enter');
    const search = card.getByRole('combobox', { name: 'Which problem was it?' });
    await search.waitFor();
    expect(await focused(page)).toMatch(/^input:Which problem was it\?/);
    await page.keyboard.press('Escape');
    await search.waitFor({ state: 'detached' });
    expect(await focused(page)).toMatch(/^button:.*Not the right problem\?/);
    expect(await page.getByRole('dialog').count()).toBe(1);

    await page.keyboard.press('Enter');
    await search.waitFor();
    // The list is the server's rules by label (rules:list): wait until it is there, then type part of one.
    await page.waitForFunction(() => (document.querySelector('makegood-widget')?.shadowRoot?.querySelectorAll('datalist option').length ?? 0) > 10);
    await page.keyboard.type('noise');
    await page.keyboard.press('Enter');
    await page.waitForFunction((was) => {
      const a = document.querySelector('makegood-widget')?.shadowRoot?.querySelector('article');
      return a && a.getAttribute('aria-label') !== was && !a.textContent?.includes('Saving');
    }, before);

    const log = await readLog(dataDir);
    const rec = log.find((e) => e.type === 'recommendation');
    const corr = log.find((e) => e.type === 'correction');
    expect(corr).toMatchObject({ ref: rec!.id, rule_id: 'noise', engine_rule: (rec as { rule_id: string }).rule_id, description: PARTS, location: 'des-moines' });
    expect(await card.getAttribute('aria-label')).toBe(`Recommendation: ${(corr as { gesture: { label: string } }).gesture.label}`);
    // The corrected recommendation is the one decided on.
    await card.getByRole('button', { name: 'Declined' }).click();
    await card.getByRole('group', { name: 'Customer reaction' }).waitFor();
    const decided = (await readLog(dataDir)).find((e) => e.type === 'decision');
    expect(decided).toMatchObject({ ref: rec!.id, outcome: 'declined', gesture_id: (corr as { gesture: { id: string } }).gesture.id });
    expect(errors).toEqual([]);
    await page.screenshot({ path: '/tmp/makegood-widget-corrected.png' });
    await page.close();
  }, 90_000);

  it('a swap to a gesture over the approval line waits for the manager\'s approval of that gesture, then can be accepted; the log holds the gesture given', async () => {
    const { dataDir, server, page, errors } = await openDesk('swap');
    await page.getByRole('button', { name: 'Recovery help' }).click();
    const box = page.getByLabel('What went wrong?');
    await box.fill('car not ready when we promised, customer has been waiting');
    await box.press('Enter');
    const card = page.getByRole('article', { name: /^Recommendation: / });
    await card.waitFor();
    const first = await card.getAttribute('aria-label');

    // Swap to the ride ($30, over the $25 line): the card is about the ride, waits, and still has a next step.
    await card.getByRole('group', { name: 'Or offer instead' }).getByRole('button', { name: /ride home/i }).click();
    await card.getByText('Needs manager approval: waiting…').waitFor();
    expect(await card.getAttribute('aria-label')).not.toBe(first);
    expect(await card.getByRole('group', { name: 'Outcome' }).getByRole('button').allTextContents()).toEqual(['Declined']);
    expect((await card.locator('blockquote').textContent())?.toLowerCase()).toContain('ride');

    // The manager approves exactly that request.
    const { manager } = JSON.parse(await readFile(join(dataDir, 'demo-tokens.json'), 'utf8')) as { manager: string };
    const { io } = await import('socket.io-client');
    const mgr = io(server.url, { auth: { token: manager }, transports: ['websocket'] });
    try {
      const list = (await mgr.timeout(5000).emitWithAck('approval:list', {})) as { ok: true; data: { request: { entry_id: string; gesture: { id: string; value: number } } }[] };
      expect(list.data.map((x) => [x.request.gesture.id, x.request.gesture.value])).toEqual([['rideshare', 30]]);
      const decided = (await mgr.timeout(5000).emitWithAck('approval:decide', { entryId: list.data[0]!.request.entry_id, approved: true, note: 'go ahead' })) as { ok: boolean };
      expect(decided.ok).toBe(true);
    } finally {
      mgr.close();
    }
    await card.getByText('Manager approved: go ahead').waitFor();
    await card.getByRole('button', { name: 'Accepted' }).click();
    await card.getByRole('group', { name: 'Customer reaction' }).waitFor();

    const log = await readLog(dataDir);
    const rec = log.find((e) => e.type === 'recommendation')!;
    expect(log.filter((e) => e.type === 'decision').map((e) => e.type === 'decision' && [e.outcome, e.gesture_id, e.value])).toEqual([
      ['swapped', 'rideshare', 30],
      ['accepted', 'rideshare', 30],
    ]);
    expect(log.find((e) => e.type === 'approval')).toMatchObject({ ref: rec.id, gesture_id: 'rideshare', value: 30, approved: true });
    expect(errors).toEqual([]);
    await page.screenshot({ path: '/tmp/makegood-widget-swap-approved.png' });
    await page.close();
  });

  it('the answer shows: the gesture line in view after a reply and after an approval request; axe clean with a reply, an approval pending and the picker open; a real modal at 360 px', async () => {
    const { dataDir, server, page, errors } = await openDesk('a11y');
    await page.getByRole('button', { name: 'Recovery help' }).click();
    await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    const box = page.getByLabel('What went wrong?');
    const log = page.getByRole('log', { name: 'Conversation' });
    /** The gesture line of the card sits inside the conversation's visible area. */
    const gestureInView = async (card: ReturnType<Page['getByRole']>) => {
      const [area, line] = [await log.boundingBox(), await card.locator('.g').boundingBox()];
      return line!.y >= area!.y - 1 && line!.y + line!.height <= area!.y + area!.height + 1;
    };

    // Two requests, so the second reply lands below the first: its gesture line must show.
    await box.fill(OIL);
    await box.press('Enter');
    await page.getByRole('article').first().waitFor();
    await page.getByRole('button', { name: '+ Amount paid' }).click();
    await page.getByRole('textbox', { name: 'Amount paid' }).fill('$80.00');
    await box.fill('car not ready when we promised, customer has been waiting');
    await box.press('Enter');
    const card = page.getByRole('article').nth(1);
    await card.waitFor();
    expect(await gestureInView(card)).toBe(true);
    // The amount stays for this customer's next request.
    expect(await page.getByRole('textbox', { name: 'Amount paid' }).inputValue()).toBe('$80.00');
    const [, second] = await savedTurns(page);
    expect((second as unknown as { context: { amount_paid?: number } }).context.amount_paid).toBe(80);
    expect(await axeWidget(page), 'widget with a reply').toEqual([]);
    await page.screenshot({ path: join(DOCS, 'widget-reply.png') });

    // An approval pending: the card with its new controls is in view, gesture line first.
    await card.getByRole('group', { name: 'Or offer instead' }).getByRole('button', { name: /ride home/i }).click();
    await card.getByText('Needs manager approval: waiting…').waitFor();
    expect(await gestureInView(card)).toBe(true);
    expect(await axeWidget(page), 'widget with an approval pending').toEqual([]);

    // The rule picker open.
    await card.getByRole('button', { name: 'Not the right problem?' }).click();
    await card.getByRole('combobox', { name: 'Which problem was it?' }).waitFor();
    expect(await axeWidget(page), 'widget with the rule picker open').toEqual([]);
    await page.keyboard.press('Escape');

    // An amount in words is refused with words, and not sent.
    await page.getByRole('textbox', { name: 'Amount paid' }).fill('twelve dollars');
    await page.getByText('Type digits, like 12.50').waitFor();
    await box.fill('coffee was cold');
    await box.press('Enter');
    expect(await savedTurns(page)).toHaveLength(2);
    expect(await focused(page)).toMatch(/^input:mg-amount_paid/);

    // 360 px: the panel covers the page and is a modal; Tab never reaches the page behind it.
    await page.setViewportSize({ width: 360, height: 740 });
    const dialog = page.getByRole('dialog', { name: 'Make it good' });
    // The panel follows the resize event it is sent, so the attribute arrives a moment later.
    await page.locator('[role="dialog"][aria-modal="true"]').waitFor();
    expect(await dialog.getAttribute('aria-modal')).toBe('true');
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press(i % 7 === 6 ? 'Shift+Tab' : 'Tab');
      expect(await focused(page)).not.toMatch(/^none$|Recovery help/);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await focused(page)).toMatch(/^button:.*Recovery help/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('server killed and restarted mid-conversation: the request typed meanwhile is queued and goes through once', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'makegood-widget-restart-'));
    const port = await freePort();
    let server = await serve(dataDir, port);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: 'Recovery help' }).click();
    const box = page.getByLabel('What went wrong?');
    await box.fill(OIL);
    await box.press('Enter');
    await page.getByRole('article').first().waitFor();

    await server.kill9();
    await page.getByRole('status').filter({ hasText: /Reconnecting|Offline/ }).waitFor();
    await box.fill(PARTS);
    await box.press('Enter');
    await page.getByText('Queued: sends when connected').waitFor();
    const queued = (await savedTurns(page))[1]!;
    expect(queued.text).toBe(PARTS);
    await page.screenshot({ path: '/tmp/makegood-widget-offline.png' });

    server = await serve(dataDir, port);
    const cards = page.getByRole('article');
    await cards.nth(1).waitFor();
    await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
    await cards.nth(1).getByRole('button', { name: 'Accepted' }).click();
    await cards.nth(1).getByRole('group', { name: 'Customer reaction' }).waitFor();
    await cards.nth(1).getByText('Saving…').waitFor({ state: 'detached' });

    const log = await readLog(dataDir);
    const forQueued = log.filter((e) => e.type === 'recommendation' && e.request_id === queued.id);
    expect(forQueued).toHaveLength(1);
    expect(forQueued[0]).toMatchObject({ description: PARTS });
    expect(log.filter((e) => e.type === 'recommendation')).toHaveLength(2);
    expect(log.filter((e) => e.type === 'decision' && e.request_id === queued.id)).toMatchObject([{ outcome: 'accepted', ref: forQueued[0]!.id }]);
    await page.close();
  });

  it('Spanish on demand: widget-es.js loads when asked, and the words to say come back in Spanish', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'makegood-widget-es-'));
    const server = await serve(dataDir);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const fetched: string[] = [];
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: 'Recovery help' }).waitFor();
    // What a page downloads for the widget is what widget-size.test.ts counts against the budget.
    const widgetFiles = () => fetched.filter((p) => /^\/widget.*\.js$/.test(p));
    expect(widgetFiles()).toEqual(['/widget.js']); // English pages never download Spanish

    await page.evaluate(() => (window as unknown as { makegood(...a: unknown[]): void }).makegood('lang', 'es'));
    await page.getByRole('button', { name: 'Ayuda de compensación' }).click();
    expect(widgetFiles()).toEqual(['/widget.js', '/widget-es.js']);
    const box = page.getByLabel('¿Qué salió mal?');
    await box.fill(PARTS);
    await box.press('Enter');
    const card = page.getByRole('article', { name: /^Recomendación: / });
    await card.waitFor();
    expect(await card.locator('blockquote').textContent()).toBe('Debimos tener sus piezas listas. Es culpa nuestra y las estoy pidiendo ahora mismo.');
    const rec = (await readLog(dataDir)).find((e) => e.type === 'recommendation');
    expect(rec).toMatchObject({ context: { lang: 'es' } });

    // A visible focus ring on keyboard focus (the host page's `:focus { outline: none !important }` stays out).
    await card.getByRole('button', { name: 'Copiar frase' }).focus();
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => {
      const el = document.querySelector('makegood-widget')!.shadowRoot!.activeElement!;
      const cs = getComputedStyle(el);
      return { style: cs.outlineStyle, width: cs.outlineWidth, text: el.textContent };
    });
    expect(ring).toMatchObject({ style: 'solid', width: '3px' });
    await page.screenshot({ path: '/tmp/makegood-widget-es-focus.png' });
    await page.close();
  });
});
