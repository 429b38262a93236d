/**
 * The live feed: recoveries and decisions across the manager's locations, newest first. A
 * decision names the recovery and gesture it belongs to. The log region scrolls on its own and
 * takes focus (keyboard users can scroll it); the list inside keeps list semantics.
 */
import type { FeedItem } from '../store.ts';
import type { EntryOf } from '../../../server/contract/index.ts';
import { currency, placeName, time } from '../format.ts';
import type { RuleLabels } from '../labels.ts';

function decidedText(d: EntryOf<'decision'>, rec: EntryOf<'recommendation'> | undefined): string {
  const gesture = rec ? ([rec.gesture, ...rec.alternatives].find((g) => g.id === d.gesture_id)?.label ?? d.gesture_id) : d.gesture_id;
  const what = rec ? ` on “${rec.description.slice(0, 60)}${rec.description.length > 60 ? '…' : ''}”` : '';
  return `${d.actor.name} recorded ${d.outcome} for ${gesture}${what}`;
}

export function LiveFeed({ items, ruleLabel = (r) => r ?? 'fallback' }: { items: FeedItem[]; ruleLabel?: RuleLabels }) {
  const recs = new Map<string, EntryOf<'recommendation'>>();
  for (const it of items) if (it.kind === 'logged') recs.set(it.entry.id, it.entry);
  return (
    <section aria-labelledby="feed-h">
      <h2 id="feed-h">Live feed</h2>
      {items.length === 0 && <p class="empty">Waiting for recoveries… they appear here the moment they are logged.</p>}
      <div role="log" aria-live="polite" aria-label="Live recoveries" tabIndex={0} class="feed">
        <ol class="feed-list">
          {items.map((it) =>
            it.kind === 'logged' ? (
              <li key={it.entry.id} class="feed-item">
                <p class="meta">
                  {time(it.entry.at)} · <strong>{placeName(it.entry.location)}</strong> · {it.entry.actor.name}
                </p>
                <p class="desc">{it.entry.description}</p>
                <p class="meta">
                  {ruleLabel(it.entry.rule_id)} → {it.entry.gesture.label} ({currency(it.entry.value, it.entry.currency)})
                  {it.entry.needs_approval ? ' · needs approval' : ''}
                </p>
              </li>
            ) : (
              <li key={it.entry.id} class="feed-item decided">
                <p class="meta">
                  {time(it.entry.at)} · <strong>{placeName(it.entry.location)}</strong> · {decidedText(it.entry, recs.get(it.entry.ref))}
                  {it.entry.reaction ? ` (customer ${it.entry.reaction})` : ''}
                </p>
              </li>
            ),
          )}
        </ol>
      </div>
    </section>
  );
}
