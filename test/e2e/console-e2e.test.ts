import { tmpdir } from 'node:os';
/**
 * The console in real headless Chromium against the real server: an auditor signs in (token in
 * the URL), filters, exports CSV and opens an entry; a manager signs in with the form, sees a
 * live recovery arrive and approves a request, which reaches the staff socket.
 * Screenshots go to /tmp/makegood-console-*.png for a human look.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { emitAck, nextEvent, startTestServer, type TestServer, type TestSocket } from '../support/server-harness.ts';
import { CONSOLE_RULES, DENT, PARTS, ROOM } from '../support/console-rules.ts';

let browser: Browser;
let srv: TestServer;
let staff: TestSocket;
let staffSJ: TestSocket;
let n = 0;

const require = createRequire(import.meta.url);
/** README screenshots (docs/console-*.png) come from this test run; the rest go to /tmp. */
// Only a run asked to (MAKEGOOD_SCREENSHOTS=docs) rewrites the README's pictures; others keep the tree clean.
const DOCS = process.env.MAKEGOOD_SCREENSHOTS === 'docs' ? new URL('../../docs/', import.meta.url).pathname : `${tmpdir()}/makegood-docs/`;

/** axe-core in the page: serious and critical violations on the view as it is, by rule and node. */
async function axeProblems(page: Page): Promise<string[]> {
  // Evaluated through the debugging protocol, not a <script> tag: the console's CSP stays as shipped.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await readFile(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const found = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe.run();
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.map((x) => String(x.target)).slice(0, 3).join(', ')}`);
  });
  return found;
}

/** RFC 4180: quoted fields may hold commas, quotes ("") and newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += c;
  }
  if (field !== '' || row.length > 0) row.push(field), rows.push(row);
  return rows;
}

async function recover(who: TestSocket, description: string, outcome?: 'accepted' | 'declined') {
  const requestId = `e2e-${++n}`;
  const ack = await emitAck(who, 'recovery:recommend', { requestId, description });
  if (!ack.ok) throw new Error(ack.error.message);
  if (outcome) await emitAck(who, 'recovery:decide', { requestId, outcome });
  return { requestId, id: ack.data.entry_id };
}

beforeAll(async () => {
  srv = await startTestServer({ rulesText: CONSOLE_RULES, rateLimit: false });
  browser = await launchChromium();
  staff = await srv.connect(srv.tokens.staff);
  staffSJ = await srv.connect(srv.tokens.staffSanJose);
  await recover(staff, PARTS, 'accepted');
  await recover(staff, '<img src=x onerror="window.__pwned=1"> the parts were never ordered', 'declined');
  await recover(staffSJ, ROOM, 'accepted');
  // Not a parts failure ("out of order" now reads as one): the parts alert must fire live, in the manager test.
  await recover(staffSJ, 'guest says the room not ready at check-in, still waiting');
});

afterAll(async () => {
  await browser?.close();
  await srv?.close();
});

describe('console in Chromium', () => {
  it('auditor: signs in from the URL, filters (a location, then a gesture by its label), sorts, exports CSV holding exactly the rows shown, opens an entry, sees failures over time', { timeout: 60_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${srv.url}/console?token=${encodeURIComponent(srv.tokens.auditor)}`);
    await page.getByRole('navigation', { name: 'Auditor views' }).waitFor();
    expect(page.url()).toBe(`${srv.url}/console`);
    await page.getByRole('table').waitFor();
    expect(await page.getByText('Showing 1–', { exact: false }).textContent()).toMatch(/of \d+/);
    // The markup in a description is shown, not run.
    await page.getByText('<img src=x onerror="window.__pwned=1"> the parts were never ordered').first().waitFor();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.screenshot({ path: '/tmp/makegood-console-auditor-log.png', fullPage: true });
    expect(await axeProblems(page), 'auditor log').toEqual([]);

    // A display name, not the id: "San Jose" resolves to san-jose from the log's own values.
    await page.getByLabel('Location').fill('San Jose');
    await page.getByLabel('Outcome').selectOption('accepted');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('Showing 1–1 of 1').waitFor();
    const rows = page.getByRole('table').getByRole('row');
    expect(await rows.count()).toBe(2); // header + the one recovery
    expect(await rows.nth(1).textContent()).toContain(ROOM);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.csv$/);
    const csv = await readFile((await file.path())!, 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('san-jose');
    expect(lines[1]).toContain(ROOM);
    expect(lines[1]).toContain('accepted');

    await page.getByRole('button', { name: /^Open entry/ }).click();
    await page.getByRole('heading', { name: /^Entry #\d+/ }).waitFor();
    const disk = await srv.readLog();
    const entry = disk.find((e) => e.type === 'recommendation' && e.location === 'san-jose' && e.description === ROOM)!;
    await page.getByText(entry.hash).waitFor();
    await page.getByRole('list', { name: 'Recovery trail' }).getByText(/: accepted — /).waitFor();
    await page.screenshot({ path: '/tmp/makegood-console-auditor-entry.png', fullPage: true });
    expect(await axeProblems(page), 'entry detail').toEqual([]);

    await page.getByRole('button', { name: 'Back to the log' }).click();
    await page.getByRole('button', { name: 'Totals' }).click();
    await page.getByText('Value actually given').waitFor();
    await page.getByText('1 of 1 decided (100%)').first().waitFor();
    await page.screenshot({ path: `${DOCS}console-totals.png`, fullPage: true });
    expect(await axeProblems(page), 'totals').toEqual([]);
    await page.getByRole('button', { name: 'Chain' }).click();
    await page.getByText(`Verified up to entry ${disk.length}`, { exact: false }).waitFor();
    await page.screenshot({ path: '/tmp/makegood-console-auditor-chain.png', fullPage: true });
    expect(await axeProblems(page), 'chain').toEqual([]);

    // Failures over time: the table beside the chart holds every recovery of the seed.
    await page.getByRole('button', { name: 'Failures over time' }).click();
    const perDay = page.getByRole('table', { name: 'Failures per day by rule' });
    await perDay.waitFor();
    await page.getByText(`${disk.filter((e) => e.type === 'recommendation').length} recoveries in the last 30 days`, { exact: false }).waitFor();
    await page.getByRole('combobox', { name: /^By/ }).selectOption('location');
    await page.getByRole('table', { name: 'Failures per day by location' }).getByRole('columnheader', { name: 'San Jose' }).waitFor();
    await page.screenshot({ path: '/tmp/makegood-console-auditor-failures.png', fullPage: true });
    expect(await axeProblems(page), 'failures over time').toEqual([]);

    // Filter by a gesture's label; the CSV holds exactly the rows the table shows.
    await page.getByRole('button', { name: 'Log', exact: true }).click();
    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    await page.getByLabel('Gesture').fill('10% off the bill');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const discounted = disk.filter((e) => e.type === 'recommendation' && e.gesture.id === 'discount');
    expect(discounted.length).toBeGreaterThan(1);
    await page.getByText(`Showing 1–${discounted.length} of ${discounted.length}`).waitFor();
    // Sorted by a column header (the page is re-ordered, aria-sort says how).
    const staffHeader = page.getByRole('columnheader', { name: /^Staff/ });
    await staffHeader.getByRole('button').click();
    expect(await staffHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(await axeProblems(page), 'auditor log sorted').toEqual([]);
    const shown = await page.getByRole('table').locator('tbody tr td.desc').allTextContents();
    expect(shown).toHaveLength(discounted.length);
    const gestureCells = await page.getByRole('table').locator('tbody tr td:nth-child(6)').allTextContents();
    expect(new Set(gestureCells)).toEqual(new Set(['10% off the bill']));
    const csvDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const csvRows = parseCsv(await readFile((await (await csvDownload).path())!, 'utf8'));
    const col = (name: string) => csvRows[0]!.indexOf(name);
    const body = csvRows.slice(1);
    expect(body.map((r) => r[col('description')]).sort()).toEqual([...shown].sort());
    expect(new Set(body.map((r) => r[col('recommended_gesture')]))).toEqual(new Set(['discount']));
    expect(body.map((r) => r[col('id')]).sort()).toEqual(discounted.map((e) => e.id).sort());
    expect(errors).toEqual([]);
    await page.close();
  });

  it('manager: signs in with the form, sees a live recovery, approves a request that reaches the staff socket', { timeout: 90_000 }, async () => {
    // A real locale: this box's headless Chromium reports "en-US@posix", on which uPlot will not load.
    const page = await browser.newPage({ viewport: { width: 820, height: 1180 }, locale: 'en-US' }); // tablet
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${srv.url}/console`);
    // Keyboard only: Tab to the token field, type, Enter.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('token');
    await page.keyboard.type(srv.tokens.managerDesMoines);
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Manager views' }).waitFor();
    // The first screen is the customer GPS; a recovery on another socket shows on its tile.
    const tile = page.getByRole('listitem', { name: 'Des Moines' });
    await tile.waitFor();
    const hourCount = async () => Number(await tile.locator('dt:text-is("Last hour") + dd').textContent());
    const before = await hourCount();
    await recover(staff, ROOM); // not a parts failure: the parts alert stays for the Live step
    await expect.poll(hourCount, { timeout: 1000 }).toBe(before + 1);
    await tile.locator('.spark canvas').first().waitFor(); // the uPlot sparkline is drawn
    expect(await axeProblems(page), 'customer GPS').toEqual([]);
    await page.screenshot({ path: `${DOCS}console-gps.png`, fullPage: true });

    await page.getByRole('button', { name: 'Live', exact: true }).click();
    const feed = page.getByRole('log', { name: 'Live recoveries' });

    await recover(staff, 'customer waited, parts never ordered again — third time');
    await feed.getByText('customer waited, parts never ordered again — third time').waitFor();
    // That was the third parts failure within the hour: the strike-team alert fires live.
    await page.getByRole('alert').getByText(/parts-quorum: 3 × .+ within 60 min across locations/).waitFor();
    await page.screenshot({ path: '/tmp/makegood-console-manager-live.png', fullPage: true });
    expect(await axeProblems(page), 'live').toEqual([]);

    const big = await recover(staff, DENT);
    await page.getByRole('button', { name: /Approvals \(1\)/ }).click();
    await page.getByText(DENT).waitFor();
    await page.getByLabel('Note (optional)').fill('ok, loyal customer');
    await page.screenshot({ path: `${DOCS}console-approvals.png`, fullPage: true });
    expect(await axeProblems(page), 'approvals').toEqual([]);
    const decided = nextEvent(staff, 'approval:decided');
    await page.getByRole('button', { name: /^Approve Free service/ }).focus();
    await page.keyboard.press('Enter');
    expect(await decided).toMatchObject({ ref: big.id, approved: true, request_id: big.requestId, note: 'ok, loyal customer' });
    await page.getByText('No requests waiting.').waitFor();

    await page.getByRole('button', { name: 'Effectiveness' }).click();
    await page.getByText('Per rule, last 7 days').waitFor();
    await page.screenshot({ path: '/tmp/makegood-console-manager-effectiveness.png', fullPage: true });
    expect(await axeProblems(page), 'effectiveness').toEqual([]);
    for (const view of ['Rules', 'Suggestions']) {
      await page.getByRole('button', { name: view, exact: true }).click();
      await page.getByRole('heading', { level: 2 }).first().waitFor();
      expect(await axeProblems(page), view).toEqual([]);
    }
    await page.getByRole('button', { name: 'Alerts', exact: true }).click();
    await page.getByRole('heading', { name: /^Open: parts-quorum/ }).waitFor();
    // The failures on a time axis (drawn for sight; the list says the same).
    expect(await page.locator('.alert-timeline svg circle').count()).toBe(3);
    await page.getByText('3 failures').click();
    await page.getByText(/\(0 min after the first\)/).first().waitFor();
    await page.screenshot({ path: '/tmp/makegood-console-manager-alerts.png', fullPage: true });
    expect(await axeProblems(page), 'alerts').toEqual([]);
    await page.getByLabel('Root cause').fill('parts portal was down');
    await page.getByLabel('Fix').fill('ordered by phone; portal now monitored');
    await page.getByRole('button', { name: 'Close alert' }).click();
    await page.getByRole('heading', { name: /^Closed: parts-quorum/ }).waitFor();
    // The banner follows the alert: closed, it is gone.
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Strike-team alert' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('refuses a staff token', async () => {
    const page = await browser.newPage();
    await page.goto(`${srv.url}/console?token=${encodeURIComponent(srv.tokens.staff)}`);
    await page.getByText('This console is for managers and auditors', { exact: false }).waitFor();
    expect(await page.getByRole('navigation').count()).toBe(0);
    await page.screenshot({ path: '/tmp/makegood-console-staff-refused.png' });
    await page.close();
  });
});
