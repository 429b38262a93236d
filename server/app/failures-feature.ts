/**
 * stats:failures: recoveries over time per hour / day / week, by rule and by location, from the
 * store's index rows (no entry is read from disk). Managers see the locations they oversee,
 * auditors all; asking for a location one does not oversee is forbidden, as in log:query.
 */
import type { FailuresRequest } from '../contract/events.ts';
import { MakegoodError } from '../contract/errors.ts';
import { DEFAULT_SPAN, failureSeries, type FailureRow } from '../stats/failure-series.ts';
import type { AppContext } from './context.ts';
import type { Feature } from './feature.ts';
import { displayLabels } from './display-labels.ts';

export function failuresFeature(ctx: AppContext): Feature {
  return {
    name: 'failures',
    handlers: {
      'stats:failures': (p, req: FailuresRequest) => {
        if (req.location !== undefined && !ctx.oversees(p, req.location)) throw new MakegoodError('forbidden', `you do not oversee ${req.location}`, 'location');
        const to = req.until !== undefined ? Date.parse(req.until) : Date.now();
        const from = req.since !== undefined ? Date.parse(req.since) : to - DEFAULT_SPAN[req.bucket];
        const q = { type: 'recommendation' as const, ...(req.location !== undefined ? { location: req.location } : {}) };
        function* rows(): Generator<FailureRow> {
          for (const r of ctx.store.rows(q)) if (r.location !== null) yield { at: r.at, location: r.location, rule: r.rule ?? 'fallback' };
        }
        return failureSeries(rows(), req.bucket, from, to, (l) => ctx.oversees(p, l), displayLabels(ctx.rules().doc).labels.rule);
      },
    },
  };
}
