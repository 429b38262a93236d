/** Effectiveness as plain-text tables for the terminal (`makegood rules stats`). Pure. */
import type { Effectiveness, EffectivenessRow } from '../contract/events.ts';

const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`);
const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));

const HEAD = ['offered', 'accepted', 'declined', 'rate', 'delighted', 'satisfied', 'neutral', 'upset', 'avg value'];

function cells(r: EffectivenessRow): string[] {
  return [r.key, String(r.offered), String(r.accepted), String(r.declined), pct(r.acceptance_rate), String(r.reactions.delighted), String(r.reactions.satisfied), String(r.reactions.neutral), String(r.reactions.upset), num(r.average_value)];
}

export function table(title: string, keyLabel: string, rows: EffectivenessRow[]): string {
  if (rows.length === 0) return `${title}\n  (nothing logged in this period)\n`;
  const grid = [[keyLabel, ...HEAD], ...rows.map(cells)];
  const widths = grid[0]!.map((_, c) => Math.max(...grid.map((row) => row[c]!.length)));
  // First column left-aligned (names), numbers right-aligned.
  const line = (row: string[]) => '  ' + row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  const rule = '  ' + widths.map((w) => '-'.repeat(w)).join('  ');
  return [title, line(grid[0]!), rule, ...grid.slice(1).map(line), ''].join('\n');
}

export function effectivenessText(e: Effectiveness, entries: number): string {
  const offered = e.by_rule.reduce((n, r) => n + r.offered, 0);
  return [
    `Effectiveness over the last ${e.days} days: ${offered} recoveries (of ${entries} log entries).`,
    'rate = accepted / (accepted + declined); avg value = average value of the gesture given.',
    '',
    table('Per rule', 'rule', e.by_rule),
    table('Per gesture', 'gesture', e.by_gesture),
  ].join('\n');
}
