/**
 * The customer GPS, a manager's first screen: every location they oversee as a tile with its
 * counts for the last hour and day, a sparkline of the day by hour (with its table), the top
 * failure kinds and the open alerts. A recovery logged anywhere pulses its tile and counts at
 * once; the server's numbers follow within a second.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { LiveCounts, LocationTile } from '../../../server/contract/index.ts';
import type { ConsoleApi } from '../api.ts';
import { placeName, time } from '../format.ts';
import { useRequest, useThrottledReload } from '../use-request.ts';
import { Sparkline } from './sparkline.tsx';
import { ErrorNote } from './tabs.tsx';

const REFRESH_MS = 1000;
const PULSE_MS = 2500;

function Tile({ t, openAlerts, pulsing, ruleLabel }: { t: LocationTile; openAlerts: number; pulsing: boolean; ruleLabel: (r: string) => string }) {
  const name = placeName(t.location);
  const id = `tile-${t.location}`;
  return (
    <li class={`tile${pulsing ? ' pulse' : ''}${openAlerts ? ' alerting' : ''}`} aria-labelledby={id}>
      <h3 id={id}>{name}</h3>
      <dl class="tile-counts">
        <div>
          <dt>Last hour</dt>
          <dd>{t.last_hour}</dd>
        </div>
        <div>
          <dt>Last 24 h</dt>
          <dd>{t.last_day}</dd>
        </div>
        <div>
          <dt>Open alerts</dt>
          <dd class={openAlerts ? 'error' : ''}>{openAlerts}</dd>
        </div>
      </dl>
      <Sparkline values={t.hourly} label={`${name}: recoveries per hour over the last 24 hours`} />
      <details>
        <summary>Per hour, as a table</summary>
        <table class="mini">
          <caption class="sr-only">{name}: recoveries per hour, oldest first</caption>
          <tbody>
            {t.hourly.map((n, i) => (n > 0 || i === t.hourly.length - 1 ? (
              <tr key={i}>
                <th scope="row">{i === t.hourly.length - 1 ? 'This hour' : `${t.hourly.length - 1 - i} h ago`}</th>
                <td class="num">{n}</td>
              </tr>
            ) : null))}
          </tbody>
        </table>
      </details>
      {t.top.length > 0 ? (
        <>
          <p class="meta">Top failures today</p>
          <ol class="top">
            {t.top.map((r) => (
              <li key={r.rule}>
                {ruleLabel(r.rule)} <span class="count">× {r.count}</span>
              </li>
            ))}
          </ol>
        </>
      ) : (
        <p class="empty">Quiet: nothing in the last 24 hours.</p>
      )}
      {t.latest_at && <p class="meta">Latest {time(t.latest_at)}</p>}
    </li>
  );
}

export function GpsView({ api, version, alertsVersion }: { api: ConsoleApi; version: number; alertsVersion: number }) {
  const res = useRequest(api, 'stats:live', {});
  const alerts = useRequest(api, 'alert:list', {}, alertsVersion);
  // Live bumps on top of the server's last answer; a newer answer replaces them.
  const latest = useRef<LiveCounts | null>(null);
  latest.current = res.data;
  const [local, setLocal] = useState<{ from: LiveCounts; counts: LiveCounts } | null>(null);
  const [pulse, setPulse] = useState<Record<string, number>>({});
  const [heard, setHeard] = useState('');
  // A recovery at a location: count it on its tile now and pulse it; the server's numbers follow.
  useEffect(
    () =>
      api.on('recovery:logged', (e) => {
        setLocal((l) => {
          const from = latest.current;
          if (!from?.tiles) return l;
          const c = l && l.from === from ? l.counts : from;
          const tiles = c.tiles ?? [];
          const known = tiles.some((t) => t.location === e.location);
          const bump = (t: LocationTile): LocationTile => ({ ...t, last_hour: t.last_hour + 1, last_day: t.last_day + 1, hourly: [...t.hourly.slice(0, -1), (t.hourly[t.hourly.length - 1] ?? 0) + 1], latest_at: e.at });
          const fresh: LocationTile = { location: e.location, last_hour: 0, last_day: 0, hourly: new Array<number>(24).fill(0), top: [], latest_at: null };
          return { from, counts: { ...c, tiles: known ? tiles.map((t) => (t.location === e.location ? bump(t) : t)) : [...tiles, bump(fresh)] } };
        });
        setPulse((p) => ({ ...p, [e.location]: Date.now() }));
        setHeard(`New recovery at ${placeName(e.location)}`);
        setTimeout(() => setPulse((p) => ({ ...p })), PULSE_MS + 50);
      }),
    [api],
  );
  // At most one refetch a second however busy it gets (the rate limit is per token).
  useThrottledReload(res.reload, version, REFRESH_MS);
  const c = local && local.from === res.data ? local.counts : res.data;
  const labels = c?.rule_labels ?? {};
  const ruleLabel = (r: string) => labels[r] ?? r;
  const open = (alerts.data ?? []).filter((a) => a.status === 'open');
  const openAt = (loc: string) => open.filter((a) => a.alert.location === loc || a.failures.some((f) => f.location === loc)).length;
  const now = Date.now();
  return (
    <section aria-labelledby="gps-h">
      <h2 id="gps-h">Customer GPS</h2>
      <p class="note">Every location you oversee; tiles pulse when a recovery is logged there. Counts are recoveries (each one a service failure).</p>
      <p class="sr-only" role="status">
        {heard}
      </p>
      <ErrorNote error={res.error} />
      {c?.tiles && c.tiles.length === 0 && <p class="empty">No recoveries in the last 24 hours at your locations.</p>}
      {c?.tiles && (
        <ul class="tiles" aria-label="Locations">
          {c.tiles.map((t) => (
            <Tile key={t.location} t={t} openAlerts={openAt(t.location)} pulsing={now - (pulse[t.location] ?? 0) < PULSE_MS} ruleLabel={ruleLabel} />
          ))}
        </ul>
      )}
    </section>
  );
}
