/**
 * The console's read side: chain status, totals, effectiveness, live counts and export.
 * Keeps two small in-memory views of the log, built at start and kept current from
 * 'entry:appended': the settled recommendations (for stats; recommendations first, then
 * decisions, which only ever refer back) and the chain watch (each appended entry hashed once,
 * never the whole log per request).
 */
import type { ExportRequest, LogQuery, Totals } from '../contract/events.ts';
import { MakegoodError } from '../contract/errors.ts';
import { exportLog } from '../log/export.ts';
import type { Principal } from '../contract/roles.ts';
import { ChainWatch } from '../stats/chain-watch.ts';
import { SettledIndex, type Settled } from '../stats/settle.ts';
import { totals } from '../stats/totals.ts';
import { effectiveness } from '../stats/effectiveness.ts';
import { liveCounts } from '../stats/live-counts.ts';
import type { AppContext } from './context.ts';
import type { Feature } from './feature.ts';

const DAY_MS = 86_400_000;
/**
 * An export travels as one socket message; past this many entries the browser would be asked
 * to hold hundreds of MB, so we point to the streaming CLI instead.
 */
export const MAX_CONSOLE_EXPORT = 100_000;

export function consoleFeature(ctx: AppContext): Feature {
  const settled = new SettledIndex();
  const chain = new ChainWatch();
  // The store verified the chain when it opened: start from its head rather than hash it all again.
  chain.startFrom(ctx.store.query({ limit: 1 }).entries[0]);
  for (const entry of ctx.store.select({ type: 'recommendation' })) settled.add(entry);
  for (const entry of ctx.store.select({ type: 'decision' })) settled.add(entry);
  const off = ctx.events.on('entry:appended', (entry) => {
    settled.add(entry);
    chain.add(entry);
  });

  const visible = (p: Principal) => (s: Settled) => ctx.oversees(p, s.location);

  function totalsFor(p: Principal, q: LogQuery): Totals {
    if (q.type !== undefined && q.type !== 'recommendation') return totals([]);
    const { offset: _o, limit: _l, ...filters } = q;
    const picked: Settled[] = [];
    // The store applies the filters exactly as log:query does; we add outcomes and final values.
    for (const e of ctx.store.select({ ...filters, type: 'recommendation' })) {
      const s = settled.get(e.id);
      if (s && ctx.oversees(p, s.location)) picked.push(s);
    }
    return totals(picked);
  }

  function exportFor(req: ExportRequest): { filename: string; content: string } {
    const { format, offset: _o, limit: _l, ...filters } = req;
    const rows = format === 'csv' ? { ...filters, type: 'recommendation' as const } : filters;
    const total = ctx.store.query({ ...rows, limit: 1 }).total;
    if (total > MAX_CONSOLE_EXPORT) {
      throw new MakegoodError(
        'invalid_payload',
        `the filtered set holds ${total} entries, more than the console exports at once (${MAX_CONSOLE_EXPORT}); narrow the filters or run "makegood log export"`,
      );
    }
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    return { filename: `makegood-log-${stamp}.${format}`, content: exportLog(ctx.store, format, filters) };
  }

  function chainStatus() {
    const now = new Date();
    const head = chain.headId;
    if (head === null) return chain.status(now);
    // A spot check of the head on disk: the store re-reads it and compares its hash.
    try {
      const onDisk = ctx.store.get(head);
      return chain.status(now, onDisk ? undefined : `entry ${head} is missing from the log file`);
    } catch (err) {
      return chain.status(now, err instanceof Error ? err.message : String(err));
    }
  }

  return {
    name: 'console',
    handlers: {
      // Auditors only (EVENT_ROLES), and auditors read every location, as log:query does.
      'log:export': (_p, req) => exportFor(req),
      'log:chain': () => chainStatus(),
      'stats:totals': (p, q) => totalsFor(p, q),
      'stats:effectiveness': (p, { days }) => {
        const mine = visible(p);
        return effectiveness([...settled.values()].filter(mine), days, new Date());
      },
      'stats:live': (p) => {
        const now = new Date();
        return liveCounts(settled.since(now.getTime() - DAY_MS), (loc) => ctx.oversees(p, loc), now);
      },
    },
    close: () => off(),
  };
}
