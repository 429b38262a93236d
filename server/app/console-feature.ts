/**
 * The console's read side: chain status, totals, effectiveness, live counts and export.
 * Keeps the settled recommendations (for stats) in memory, built at start and kept current
 * from 'entry:appended'. The chain status is read from the log file on disk (chain-watch.ts),
 * incrementally, never from the store's memory and never on the append path.
 */
import type { ExportRequest, FilterSuggestions, LogQuery, Totals } from '../contract/events.ts';
import { MakegoodError } from '../contract/errors.ts';
import { exportLog } from '../log/export.ts';
import type { Principal } from '../contract/roles.ts';
import type { LogEntry } from '../contract/log-entry.ts';
import { ChainWatch } from '../stats/chain-watch.ts';
import { SettledIndex, type Settled } from '../stats/settle.ts';
import { totals } from '../stats/totals.ts';
import { canFilterInMemory, filterSettled } from '../stats/filter-settled.ts';
import { effectiveness } from '../stats/effectiveness.ts';
import { liveCounts } from '../stats/live-counts.ts';
import { locationTiles } from '../stats/location-tiles.ts';
import type { AppContext } from './context.ts';
import type { Feature } from './feature.ts';
import { displayLabels } from './display-labels.ts';

const DAY_MS = 86_400_000;
/** Entries read between yields while building the stats index at start. */
const BUILD_SLICE = 2000;
/**
 * An export travels as one socket message; past this many entries the browser would be asked
 * to hold hundreds of MB, so we point to the streaming CLI instead.
 */
export const MAX_CONSOLE_EXPORT = 100_000;
/** The chain watch reads new bytes and re-verifies a stretch of the log this often. */
const CHAIN_CHECK_MS = 10_000;

export function consoleFeature(ctx: AppContext): Feature {
  const settled = new SettledIndex();
  const logPath = (ctx.store as { path?: unknown }).path;
  const chain = new ChainWatch({ path: typeof logPath === 'string' ? logPath : null, intervalMs: CHAIN_CHECK_MS });
  chain.start();
  // The stats index is built in the background so the server answers at once on a big log;
  // appends that happen meanwhile wait in `queued` and follow in order (add() skips overlaps).
  let queued: LogEntry[] | null = [];
  let closing = false;
  const off = ctx.events.on('entry:appended', (entry) => {
    if (queued) queued.push(entry);
    else settled.add(entry);
  });
  const ready = (async () => {
    try {
      let n = 0;
      for (const entry of ctx.store.all()) {
        if (closing) return; // shutting down: the store is about to close under us
        settled.add(entry);
        if (++n % BUILD_SLICE === 0) await new Promise((r) => setImmediate(r));
      }
    } catch (err) {
      ctx.log.error('console stats: reading the log at start failed; stats cover only what was read', err);
    }
    for (const entry of queued ?? []) settled.add(entry);
    queued = null;
  })();

  const visible = (p: Principal) => (s: Settled) => ctx.oversees(p, s.location);

  function totalsFor(p: Principal, q: LogQuery): Totals {
    if (q.type !== undefined && q.type !== 'recommendation') return totals([]);
    const { offset: _o, limit: _l, ...filters } = q;
    const mine = visible(p);
    if (canFilterInMemory(filters)) return totals(filterSettled(settled.values(), filters).filter(mine));
    // Free text: the store searches the descriptions on disk; we add outcomes and final values.
    const picked: Settled[] = [];
    for (const e of ctx.store.select({ ...filters, type: 'recommendation' })) {
      const s = settled.get(e.id);
      if (s && mine(s)) picked.push(s);
    }
    return totals(picked);
  }

  /** Kept per viewer until the index grows: a log of 1M recoveries is read once per new entry at most. */
  const suggested = new Map<string, { size: number; version: string; out: FilterSuggestions }>();
  function suggestionsFor(p: Principal): FilterSuggestions {
    const doc = ctx.rules().doc;
    const version = ctx.rules().version;
    const known = suggested.get(p.token_id);
    if (known && known.size === settled.size && known.version === version) return known.out;
    const mine = visible(p);
    const locations = new Set<string>();
    const staff = new Set<string>();
    const rules = new Set<string>();
    const gestures = new Set<string>();
    for (const s of settled.values()) {
      if (!mine(s)) continue;
      locations.add(s.location);
      staff.add(s.staff);
      rules.add(s.rule);
      gestures.add(s.recommended).add(s.gesture_id);
    }
    const { labels } = displayLabels(doc);
    const named = (ids: Set<string>, by: Record<string, string>) => [...ids].map((id) => ({ id, label: by[id] ?? id })).sort((a, b) => a.label.localeCompare(b.label));
    const out: FilterSuggestions = {
      locations: [...locations].sort(),
      staff: [...staff].sort(),
      rules: named(rules, labels.rule),
      gestures: named(gestures, labels.gesture),
    };
    suggested.set(p.token_id, { size: settled.size, version, out });
    return out;
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

  return {
    name: 'console',
    handlers: {
      // Auditors only (EVENT_ROLES), and auditors read every location, as log:query does.
      'log:export': (_p, req) => exportFor(req),
      'log:chain': () => chain.check(),
      'log:suggest': async (p) => {
        await ready;
        return suggestionsFor(p);
      },
      'stats:totals': async (p, q) => {
        await ready;
        return { ...totalsFor(p, q), ...displayLabels(ctx.rules().doc) };
      },
      'stats:effectiveness': async (p, { days }) => {
        await ready;
        const mine = visible(p);
        return effectiveness([...settled.values()].filter(mine), days, new Date());
      },
      'stats:live': async (p) => {
        await ready;
        const now = new Date();
        const mine = (loc: string) => ctx.oversees(p, loc);
        const day = [...settled.since(now.getTime() - DAY_MS)];
        // Every location named on the token gets a tile, quiet or not ('*' = those with recoveries).
        const named = p.locations.filter((l) => l !== '*');
        return { ...liveCounts(day, mine, now), tiles: locationTiles(day, mine, now, named), rule_labels: displayLabels(ctx.rules().doc).labels.rule };
      },
    },
    async close() {
      closing = true;
      chain.close();
      off();
      await ready;
    },
  };
}
