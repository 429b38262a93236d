/** The live feed: recoveries and decisions across the manager's locations, newest first. */
import type { FeedItem } from '../store.ts';
import { money, ruleName, time } from '../format.ts';

export function LiveFeed({ items }: { items: FeedItem[] }) {
  return (
    <section aria-labelledby="feed-h">
      <h2 id="feed-h">Live feed</h2>
      {items.length === 0 && <p class="empty">Waiting for recoveries… they appear here the moment they are logged.</p>}
      <ol role="log" aria-live="polite" aria-label="Live recoveries" class="feed">
        {items.map((it) =>
          it.kind === 'logged' ? (
            <li key={it.entry.id} class="feed-item">
              <p class="meta">
                {time(it.entry.at)} · <strong>{it.entry.location}</strong> · {it.entry.actor.name}
              </p>
              <p class="desc">{it.entry.description}</p>
              <p class="meta">
                {ruleName(it.entry.rule_id)} → {it.entry.gesture.label} ({money(it.entry.value)})
                {it.entry.needs_approval ? ' · needs approval' : ''}
              </p>
            </li>
          ) : (
            <li key={it.entry.id} class="feed-item decided">
              <p class="meta">
                {time(it.entry.at)} · <strong>{it.entry.location}</strong> · {it.entry.actor.name} recorded “{it.entry.outcome}”
                {it.entry.reaction ? ` (customer ${it.entry.reaction})` : ''}
              </p>
            </li>
          ),
        )}
      </ol>
    </section>
  );
}
