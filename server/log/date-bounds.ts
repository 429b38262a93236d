/**
 * Date filters as auditors type them: "2026-11-20" (a whole UTC day) or a full ISO time.
 * Returns epoch ms bounds, inclusive; a bad value is an error naming the field.
 */
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 86_400_000;

export type Bound = { ok: true; ms: number } | { ok: false; message: string };

/** `since`: the start of a bare day; `until`: the last millisecond of a bare day. */
export function parseBound(field: string, value: unknown, side: 'since' | 'until'): Bound {
  const bad = (): Bound => ({ ok: false, message: `${field}: not a date: ${String(value)} (use YYYY-MM-DD or an ISO time)` });
  if (typeof value !== 'string') return bad();
  const day = DAY_RE.exec(value);
  if (day) {
    const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const ms = Date.UTC(y, m - 1, d);
    const back = new Date(ms);
    // Date.UTC rolls 2026-02-30 over to March; refuse instead.
    if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return bad();
    return { ok: true, ms: side === 'since' ? ms : ms + DAY_MS - 1 };
  }
  if (!TIME_RE.test(value)) return bad();
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) return bad();
  // Date.parse accepts 2026-02-30T…; check the date part survives.
  const datePart = value.slice(0, 10);
  if (parseBound(field, datePart, 'since').ok === false) return bad();
  return { ok: true, ms };
}
