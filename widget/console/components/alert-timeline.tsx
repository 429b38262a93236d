/**
 * An alert's failures on a time axis, from the first failure to the moment the alert fired: a
 * small SVG (aria-hidden; the list under it says the same, with minutes after the first).
 */
import { time } from '../format.ts';

export interface TimelinePoint {
  id: string;
  /** 0 … 1 along the axis. */
  x: number;
  /** Whole minutes after the first failure. */
  after: number;
}

/** Points for each failure (any order in, oldest first out) and the fired mark, on one axis. */
export function timeline(failures: readonly { id: string; at: string }[], firedAt: string): { points: TimelinePoint[]; fired: number; start: string | null } {
  const sorted = [...failures].sort((a, b) => a.at.localeCompare(b.at));
  if (sorted.length === 0) return { points: [], fired: 1, start: null };
  const t0 = Date.parse(sorted[0]!.at);
  const t1 = Math.max(Date.parse(firedAt), Date.parse(sorted.at(-1)!.at));
  const span = Math.max(1, t1 - t0);
  return {
    points: sorted.map((f) => ({ id: f.id, x: (Date.parse(f.at) - t0) / span, after: Math.floor((Date.parse(f.at) - t0) / 60_000) })),
    fired: (Date.parse(firedAt) - t0) / span,
    start: sorted[0]!.at,
  };
}

const W = 320;
const H = 44;
const PAD = 12;

export function AlertTimeline({ failures, firedAt }: { failures: readonly { id: string; at: string }[]; firedAt: string }) {
  const t = timeline(failures, firedAt);
  if (!t.start) return null;
  const px = (x: number) => PAD + x * (W - 2 * PAD);
  return (
    <figure class="alert-timeline">
      <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} aria-hidden="true" focusable="false">
        <line x1={PAD} x2={W - PAD} y1={20} y2={20} stroke="currentColor" stroke-width="1" />
        {t.points.map((p) => (
          <circle key={p.id} cx={px(p.x)} cy={20} r={4} fill="#b3261e" />
        ))}
        <line x1={px(t.fired)} x2={px(t.fired)} y1={10} y2={30} stroke="#0b57d0" stroke-width="2" />
        <text x={PAD} y={42} font-size="10" fill="currentColor">
          {time(t.start).slice(11)}
        </text>
        <text x={W - PAD} y={42} font-size="10" text-anchor="end" fill="currentColor">
          fired {time(firedAt).slice(11)}
        </text>
      </svg>
      <figcaption class="sr-only">The failures are listed below with their times and minutes after the first.</figcaption>
    </figure>
  );
}
