/**
 * Failures over time (stats:failures): per hour, day or week, by rule or by location. A uPlot
 * chart of the busiest series and, for keyboard and screen-reader users, the same counts as a
 * table (every series, one row per bucket).
 */
import { useState } from 'preact/hooks';
import type { FailureSeries, TimeBucket } from '../../../server/contract/index.ts';
import type { ConsoleApi } from '../api.ts';
import { useRequest } from '../use-request.ts';
import { placeName } from '../format.ts';
import { ErrorNote } from './tabs.tsx';
import { DataTable } from './data-table.tsx';
import { FailuresChart } from './failures-chart.tsx';

/** Lines the chart draws at most; the table has them all. */
export const CHART_LINES = 8;
const BUCKET_WORDS: Record<TimeBucket, string> = { hour: 'Hour', day: 'Day', week: 'Week' };
const RANGE_WORDS: Record<TimeBucket, string> = { hour: 'the last 48 hours', day: 'the last 30 days', week: 'the last 26 weeks' };

/** A bucket's start as the table shows it (UTC, like the log). */
export function bucketLabel(iso: string, bucket: TimeBucket): string {
  const day = iso.slice(0, 10);
  return bucket === 'hour' ? `${day} ${iso.slice(11, 16)} UTC` : bucket === 'week' ? `week of ${day}` : day;
}

export function seriesOf(s: FailureSeries, by: 'rule' | 'location') {
  return by === 'rule' ? s.by_rule.map((r) => ({ label: r.label, counts: r.counts, total: r.total })) : s.by_location.map((r) => ({ label: placeName(r.key), counts: r.counts, total: r.total }));
}

export function FailuresView({ api, version }: { api: ConsoleApi; version?: unknown }) {
  const [bucket, setBucket] = useState<TimeBucket>('day');
  const [by, setBy] = useState<'rule' | 'location'>('rule');
  const [location, setLocation] = useState('');
  const res = useRequest(api, 'stats:failures', location ? { bucket, location } : { bucket }, version);
  const data = res.data;
  // Locations to narrow to: those seen in answers so far (kept while one location is shown).
  const [places, setPlaces] = useState<string[]>([]);
  const seen = data && !location ? data.by_location.map((l) => l.key).sort() : null;
  if (seen && seen.join() !== places.join()) setPlaces(seen);
  const series = data ? seriesOf(data, by) : [];
  return (
    <section aria-labelledby="failures-h">
      <h2 id="failures-h">Failures over time</h2>
      <div class="toolbar">
        <label>
          Per{' '}
          <select value={bucket} onChange={(e) => setBucket((e.target as HTMLSelectElement).value as TimeBucket)}>
            <option value="hour">hour</option>
            <option value="day">day</option>
            <option value="week">week</option>
          </select>
        </label>{' '}
        <label>
          By{' '}
          <select value={by} onChange={(e) => setBy((e.target as HTMLSelectElement).value as 'rule' | 'location')}>
            <option value="rule">rule</option>
            <option value="location">location</option>
          </select>
        </label>{' '}
        <label>
          Location{' '}
          <select value={location} onChange={(e) => setLocation((e.target as HTMLSelectElement).value)}>
            <option value="">all {places.length > 0 ? `(${places.length})` : ''}</option>
            {places.map((p) => (
              <option key={p} value={p}>
                {placeName(p)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorNote error={res.error} />
      <p aria-live="polite" class="count">
        {res.loading ? 'Loading…' : data ? `${data.total} ${data.total === 1 ? 'recovery' : 'recoveries'} in ${RANGE_WORDS[bucket]}, per ${bucket} (UTC)` : ''}
      </p>
      {data && series.length > 0 && (
        <>
          <FailuresChart starts={data.starts} series={series.slice(0, CHART_LINES)} />
          {series.length > CHART_LINES && <p class="note">The chart shows the {CHART_LINES} busiest; the table has all {series.length}.</p>}
          <DataTable caption={`Failures per ${bucket} by ${by}`} headers={[BUCKET_WORDS[bucket], ...series.map((s) => s.label), 'All']}>
            {data.starts.map((start, i) => (
              <tr key={start}>
                <th scope="row">{bucketLabel(start, bucket)}</th>
                {series.map((s, j) => (
                  <td class="num" key={j}>
                    {s.counts[i]}
                  </td>
                ))}
                <td class="num">{series.reduce((a, s) => a + (s.counts[i] ?? 0), 0)}</td>
              </tr>
            ))}
          </DataTable>
        </>
      )}
    </section>
  );
}
