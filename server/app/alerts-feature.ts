/**
 * Strike-team alerts: runs the quorum tracker on every appended entry; when a quorum is
 * reached it appends an 'alert' entry, pushes alert:fired to the managers concerned and POSTs
 * the webhook (fire and forget: recommendations never wait for it). alert:list and
 * alert:close (root cause and fix required, redacted like descriptions; closing twice is a
 * conflict). An all-locations alert reaches each manager with only the failures at locations
 * they oversee (the rest as a count), and only a manager who sees them all may close it.
 */
import type { AlertCloseRequest } from '../contract/events.ts';
import type { AlertFiredBody, EntryOf } from '../contract/log-entry.ts';
import type { Principal } from '../contract/roles.ts';
import { MakegoodError } from '../contract/errors.ts';
import { QuorumTracker, type QuorumFire } from '../alerts/quorum.ts';
import { AlertBook, type AlertViewer } from '../alerts/alert-book.ts';
import { sightOf } from '../alerts/alert-visibility.ts';
import { redact } from '../log/redact.ts';
import { rooms } from './context.ts';
import { postWebhook, type WebhookOptions } from '../alerts/webhook.ts';
import type { AppContext } from './context.ts';
import type { Feature } from './feature.ts';

/** What the webhook receives: the alert and its failures, ready for a chat or paging tool. */
export function webhookBody(alert: EntryOf<'alert'>, ctx: AppContext) {
  const where = alert.location ? `at ${alert.location}` : 'across all locations';
  return {
    event: 'alert.fired',
    text: alert.message ?? `Strike team: ${alert.count} × ${alert.rule_id} within ${alert.within_minutes} min ${where}`,
    alert,
    failures: alert.failures.map((id) => {
      const e = ctx.store.get(id);
      return e && e.type === 'recommendation' ? { id, at: e.at, location: e.location, staff: e.actor.name, description: e.description } : { id };
    }),
  };
}

export function makeAlertsFeature(webhook: WebhookOptions = {}) {
  return function alertsFeature(ctx: AppContext): Feature {
    const tracker = new QuorumTracker();
    const book = new AlertBook();
    const closing = new Set<string>();
    const defs = () => ctx.rules().doc.alerts;
    // Replay, firing nothing: every alert and closure, plus the recommendations recent enough to
    // sit in a window now, in log order. The index finds them without reading the whole log.
    const widest = Math.max(0, ...defs().map((d) => d.within_minutes));
    const since = new Date(Date.now() - widest * 60_000).toISOString();
    const replay = [
      ...ctx.store.select({ type: 'alert' }),
      ...ctx.store.select({ type: 'alert_closed' }),
      ...(widest > 0 ? ctx.store.select({ type: 'recommendation', since }) : []),
    ].sort((a, b) => a.seq - b.seq);
    for (const entry of replay) {
      book.add(entry);
      tracker.observe(entry, defs(), true);
    }

    const where = (a: { location?: string | undefined }) => a.location ?? null;
    const lookup = (id: string) => ctx.store.get(id);
    // Auditors and '*' managers see every entry (as log:query and log:entry do); other managers
    // the alerts and failures at the locations they oversee.
    const seesAll = (p: Principal) => p.role === 'auditor' || p.locations.includes('*');
    const viewer = (p: Principal): AlertViewer => ({
      seesAlert: (a) => seesAll(p) || ctx.oversees(p, where(a)),
      seesLocation: (location) => seesAll(p) || ctx.oversees(p, location),
      mayClose: p.role === 'manager',
    });

    /** alert:fired to the managers concerned, each with only what they may see. */
    async function announce(alert: EntryOf<'alert'>): Promise<void> {
      if (where(alert) !== null) return ctx.toManagers(where(alert), 'alert:fired', alert);
      const sockets = await ctx.io.in(rooms.allManagers).fetchSockets();
      const byToken = new Map<string, EntryOf<'alert'> & { hidden_failures?: number }>();
      for (const socket of sockets) {
        const p = socket.data.principal;
        let shown = byToken.get(p.token_id);
        if (!shown) {
          const sight = sightOf(alert, lookup, viewer(p).seesLocation);
          shown = sight.hidden === 0 ? sight.alert : { ...sight.alert, hidden_failures: sight.hidden };
          byToken.set(p.token_id, shown);
        }
        socket.emit('alert:fired', shown);
      }
    }

    async function fire(f: QuorumFire): Promise<void> {
      const body: AlertFiredBody = { type: 'alert', ...f };
      let alert: EntryOf<'alert'>;
      try {
        alert = await ctx.appendEntry(body);
      } catch (err) {
        tracker.abandon(f);
        ctx.log.error(`alert ${f.alert_id}: could not log the alert; the next failure will try again`, err);
        return;
      }
      announce(alert).catch((err: unknown) => ctx.log.error(`alert ${alert.id}: could not push alert:fired to managers`, err));
      const url = ctx.settings.webhookUrl;
      if (url) {
        void postWebhook(url, webhookBody(alert, ctx), { log: (m) => ctx.log.warn(`alert ${alert.id}: ${m}`), ...webhook }).then((r) => {
          if (!r.ok) ctx.log.warn(`alert ${alert.id}: webhook gave up after ${r.tries} tries (${r.error}); the alert is logged and was pushed to managers`);
        });
      }
    }

    const off = ctx.events.on('entry:appended', (entry) => {
      book.add(entry);
      for (const f of tracker.observe(entry, defs())) void fire(f);
    });

    async function close(p: Principal, req: AlertCloseRequest): Promise<{ entry_id: string }> {
      const rootCause = req.root_cause.trim();
      const fix = req.fix.trim();
      if (!rootCause) throw new MakegoodError('invalid_payload', 'root_cause: say what caused the failures before closing', 'root_cause');
      if (!fix) throw new MakegoodError('invalid_payload', 'fix: say what was done about it before closing', 'fix');
      const found = book.get(req.entryId);
      const sees = viewer(p);
      if (!found || !sees.seesAlert(found.alert)) throw new MakegoodError('not_found', `no alert "${req.entryId}"`, 'entryId');
      const hidden = sightOf(found.alert, lookup, sees.seesLocation).hidden;
      if (hidden > 0) {
        throw new MakegoodError(
          'forbidden',
          `alert "${req.entryId}": ${hidden} of its failures are at locations you do not oversee; a manager who oversees them all closes it`,
          'entryId',
        );
      }
      if (found.closed || closing.has(req.entryId)) {
        throw new MakegoodError('conflict', `alert "${req.entryId}" is already closed${found.closed ? ` (by ${found.closed.actor.name} at ${found.closed.at})` : ''}`);
      }
      closing.add(req.entryId);
      try {
        const closed = await ctx.appendEntry({
          type: 'alert_closed',
          ref: req.entryId,
          actor: { token_id: p.token_id, name: p.name, role: 'manager' },
          root_cause: redact(rootCause),
          fix: redact(fix),
        });
        ctx.toManagers(where(found.alert), 'alert:closed', closed);
        return { entry_id: closed.id };
      } finally {
        closing.delete(req.entryId);
      }
    }

    return {
      name: 'alerts',
      handlers: {
        'alert:list': (p) => book.views(lookup, viewer(p)),
        'alert:close': (p, req) => close(p, req),
      },
      close: () => off(),
    };
  };
}

export const alertsFeature = makeAlertsFeature();
