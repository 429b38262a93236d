/**
 * The approval queue at 1,000 pending, in real Chromium: a manager filters by location, selects
 * all that match, approves them with one note, and every staff widget concerned is told.
 * No timing assertions: it must simply complete (the test's own timeout is the bound).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { collect, emitAck, startTestServer, type TestServer, type TestSocket } from '../support/server-harness.ts';
import { CONSOLE_RULES, DENT } from '../support/console-rules.ts';

const EACH = 500; // per location: 1,000 pending in all

let browser: Browser;
let srv: TestServer;
let dm: TestSocket;
let sj: TestSocket;

beforeAll(async () => {
  srv = await startTestServer({ rulesText: CONSOLE_RULES, rateLimit: false });
  browser = await launchChromium();
  dm = await srv.connect(srv.tokens.staff);
  sj = await srv.connect(srv.tokens.staffSanJose);
  // DENT asks for the free service (120), over the approval line: each one waits for a manager.
  for (let i = 0; i < EACH; i += 50) {
    await Promise.all(
      Array.from({ length: 50 }, async (_, k) => {
        for (const [who, tag] of [[dm, 'dm'], [sj, 'sj']] as const) {
          const ack = await emitAck(who, 'recovery:recommend', { requestId: `q-${tag}-${i + k}`, description: DENT });
          if (!ack.ok || ack.data.approval !== 'pending') throw new Error(`expected a pending approval, got ${JSON.stringify(ack).slice(0, 200)}`);
        }
      }),
    );
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await srv?.close();
});

describe('approval queue at 1,000 pending', () => {
  it('filter by location, select all, approve with one note: 500 approvals logged, Des Moines staff told, San José untouched', { timeout: 180_000 }, async () => {
    const toDm = collect(dm, 'approval:decided');
    const toSj = collect(sj, 'approval:decided');
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'en-US' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${srv.url}/console?token=${encodeURIComponent(srv.tokens.manager)}`);
    await page.getByRole('button', { name: `Approvals (${EACH * 2})` }).click();
    await page.getByText(`${EACH * 2} of ${EACH * 2} waiting match the filters, oldest first.`).waitFor();
    // Pages of 25 per group: the page holds 50 cards, not 1,000.
    expect(await page.getByRole('button', { name: /^Approve .+ for / }).count()).toBe(50);

    await page.getByLabel('Location', { exact: true }).selectOption({ label: 'Des Moines' });
    await page.getByText(`${EACH} of ${EACH * 2} waiting match the filters, oldest first.`).waitFor();
    await page.getByRole('button', { name: `Select all ${EACH} matching` }).click();
    await page.getByText(`${EACH} selected`).waitFor();
    await page.getByLabel('Note for the selection').fill('hail storm week');
    await page.getByRole('button', { name: `Approve selected (${EACH})` }).click();
    await page.getByText(`Approved ${EACH}.`).waitFor({ timeout: 120_000 });
    await page.getByText(`0 of ${EACH} waiting match the filters, oldest first.`).waitFor();

    await expect.poll(() => toDm.length, { timeout: 30_000 }).toBe(EACH);
    expect(toSj).toEqual([]);
    const approvals = (await srv.readLog()).filter((e) => e.type === 'approval');
    expect(approvals).toHaveLength(EACH);
    expect(approvals.every((e) => e.type === 'approval' && e.approved && e.location === 'des-moines' && e.note === 'hail storm week')).toBe(true);
    const left = await emitAck(await srv.connect(srv.tokens.manager), 'approval:list', {});
    expect(left.ok && left.data.length).toBe(EACH);
    expect(left.ok && left.data.every((p) => p.entry.location === 'san-jose')).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});
