/** Small display helpers, one place so every view writes numbers and times the same way. */

export const money = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(2));

export const percent = (r: number | null): string => (r === null ? '—' : `${Math.round(r * 100)}%`);

/** "2026-11-18 10:04:05" in UTC: auditors compare across time zones. */
export const time = (iso: string): string => iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '') + ' UTC';

export const ruleName = (rule: string | null): string => rule ?? 'fallback';
