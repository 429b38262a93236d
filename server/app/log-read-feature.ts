/**
 * log:query and log:entry. Auditors (and '*' managers) read everything; other
 * managers only the locations they oversee (cross-location entries included).
 * log:entry on a recommendation adds its trail: swaps, approvals, outcomes and corrections.
 */
import type { LogEntryDetail, LogPage, LogQuery } from '../contract/events.ts';
import { replay, trail } from '../contract/recovery-state.ts';
import type { LogEntry } from '../contract/log-entry.ts';
import type { Principal } from '../contract/roles.ts';
import { MakegoodError } from '../contract/errors.ts';
import { sightOf } from '../alerts/alert-visibility.ts';
import type { AppContext } from './context.ts';
import type { Feature } from './feature.ts';

const DEFAULT_PAGE = 50;
/** The store's largest page. */
const STORE_PAGE = 500;
const locationOf = (e: LogEntry): string | undefined => ('location' in e ? e.location : undefined);

export function logReadFeature(ctx: AppContext): Feature {
  const seesAll = (p: Principal) => p.role === 'auditor' || p.locations.includes('*');

  /** Adds each recommendation's approval and reaction, and the gesture finally given where it ended on another one. */
  function withGiven(page: LogPage): LogPage {
    const given: NonNullable<LogPage['given']> = {};
    const states: NonNullable<LogPage['states']> = {};
    for (const e of page.entries) {
      if (e.type !== 'recommendation') continue;
      const s = replay(e, ctx.store.related(e.id));
      states[e.id] = s.reaction ? { approval: s.approval, reaction: s.reaction } : { approval: s.approval };
      if (s.gesture === e.gesture.id && s.value === e.value) continue;
      const g = [e.gesture, ...e.alternatives, ...(s.corrected?.offered ?? [])].find((x) => x.id === s.gesture);
      given[e.id] = { id: s.gesture, label: g?.label ?? s.gesture, value: s.value };
    }
    const withStates = Object.keys(states).length > 0 ? { ...page, states } : page;
    return Object.keys(given).length > 0 ? { ...withStates, given } : withStates;
  }

  function query(p: Principal, q: LogQuery): LogPage {
    return withGiven(queryPage(p, q));
  }

  function queryPage(p: Principal, q: LogQuery): LogPage {
    if (seesAll(p)) return ctx.store.query(q);
    if (q.location !== undefined) {
      if (!ctx.oversees(p, q.location)) throw new MakegoodError('forbidden', `you do not oversee ${q.location}`, 'location');
      return ctx.store.query(q);
    }
    if (p.locations.length === 1) return ctx.store.query({ ...q, location: p.locations[0] });
    // Several locations: the first offset+limit of each (newest first), merged by position in the log.
    const offset = q.offset ?? 0;
    const want = offset + (q.limit ?? DEFAULT_PAGE);
    let total = 0;
    const merged: LogEntry[] = [];
    const outcomes: NonNullable<LogPage['outcomes']> = {};
    for (const location of p.locations) {
      for (let at = 0; at < want; at += STORE_PAGE) {
        const page = ctx.store.query({ ...q, location, offset: at, limit: Math.min(STORE_PAGE, want - at) });
        if (at === 0) total += page.total;
        merged.push(...page.entries);
        Object.assign(outcomes, page.outcomes);
        if (page.entries.length < Math.min(STORE_PAGE, want - at)) break;
      }
    }
    merged.sort((a, b) => b.seq - a.seq);
    const entries = merged.slice(offset, want);
    return { total, offset, entries, outcomes: Object.fromEntries(entries.filter((e) => e.id in outcomes).map((e) => [e.id, outcomes[e.id]!])) };
  }

  function entry(p: Principal, req: { id: string }): LogEntryDetail {
    const found = ctx.store.get(req.id);
    if (!found || (!seesAll(p) && !ctx.oversees(p, locationOf(found) ?? null))) {
      // Same answer for "missing" and "not yours": no probing other locations' ids.
      throw new MakegoodError('not_found', `no entry "${req.id}"`, 'id');
    }
    const related = ctx.store.related(req.id);
    if (found.type === 'alert' && !seesAll(p)) {
      // An all-locations alert names failures everywhere: show only those this manager oversees.
      const sight = sightOf(found, (id) => ctx.store.get(id), (location) => ctx.oversees(p, location));
      return { entry: sight.alert, related };
    }
    return found.type === 'recommendation' ? { entry: found, related, trail: trail(found, related) } : { entry: found, related };
  }

  return { name: 'log-read', handlers: { 'log:query': query, 'log:entry': entry } };
}
