/**
 * Which rules work: per rule and per gesture over the last N days — times offered, accepted,
 * declined, acceptance rate (accepted / (accepted + declined)), customer reactions and the
 * average value given. A rule is keyed by its id ("fallback" when no rule matched); a gesture by
 * the gesture finally given (after a swap). Pure: `now` is passed in.
 */
import type { Effectiveness, EffectivenessRow } from '../contract/events.ts';
import { REACTIONS, type Reaction } from '../contract/log-entry.ts';
import type { Settled } from './settle.ts';
import { cents } from './totals.ts';

const DAY_MS = 86_400_000;

const emptyReactions = (): Record<Reaction, number> =>
  Object.fromEntries(REACTIONS.map((r) => [r, 0])) as Record<Reaction, number>;

interface Acc {
  row: EffectivenessRow;
  valueSum: number;
}

function bump(map: Map<string, Acc>, key: string, s: Settled): void {
  let acc = map.get(key);
  if (!acc) {
    acc = {
      row: { key, offered: 0, accepted: 0, declined: 0, acceptance_rate: null, reactions: emptyReactions(), average_value: 0 },
      valueSum: 0,
    };
    map.set(key, acc);
  }
  acc.row.offered += 1;
  if (s.outcome === 'accepted') acc.row.accepted += 1;
  if (s.outcome === 'declined') acc.row.declined += 1;
  if (s.reaction) acc.row.reactions[s.reaction] += 1;
  acc.valueSum += s.value;
}

function finish(map: Map<string, Acc>): EffectivenessRow[] {
  return [...map.values()]
    .map(({ row, valueSum }) => {
      const decided = row.accepted + row.declined;
      return {
        ...row,
        acceptance_rate: decided === 0 ? null : row.accepted / decided,
        average_value: cents(valueSum / row.offered),
      };
    })
    .sort((a, b) => b.offered - a.offered || a.key.localeCompare(b.key));
}

export function effectiveness(items: Iterable<Settled>, days: number, now: Date): Effectiveness {
  const from = now.getTime() - days * DAY_MS;
  const byRule = new Map<string, Acc>();
  const byGesture = new Map<string, Acc>();
  for (const s of items) {
    if (s.t < from || s.t > now.getTime()) continue;
    bump(byRule, s.rule, s);
    bump(byGesture, s.gesture_id, s);
  }
  return { days, by_rule: finish(byRule), by_gesture: finish(byGesture) };
}
