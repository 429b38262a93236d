/** Small display helpers, one place so every view writes numbers, money, places and times the same way. */

export const money = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(2));

const currencyFormats = new Map<string, Intl.NumberFormat>();

/**
 * "$60.00" / "60,00 €": the rules file's currency (entries carry it; USD when absent), in the
 * reader's locale. An unknown code falls back to "60 XYZ" rather than throwing.
 */
export function currency(n: number, code = 'USD', locale?: string): string {
  const key = `${locale ?? ''}|${code}`;
  let f = currencyFormats.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(locale, { style: 'currency', currency: code });
    } catch {
      return `${money(n)} ${code}`;
    }
    currencyFormats.set(key, f);
  }
  return f.format(n);
}

export const percent = (r: number | null): string => (r === null ? '—' : `${Math.round(r * 100)}%`);

/** "2 of 3 offered (67%)": the denominator is always shown, so 100% of 2 reads as what it is. */
export const acceptance = (accepted: number, decided: number): string =>
  decided === 0 ? 'none decided yet' : `${accepted} of ${decided} decided (${Math.round((accepted / decided) * 100)}%)`;

/** "2026-11-18 10:04:05" in UTC: auditors compare across time zones. */
export const time = (iso: string): string => iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '') + ' UTC';

/** "3 min", "2 h 5 min", "1 d 4 h": how long a request has waited. */
export function age(sinceIso: string, now: number): string {
  const min = Math.max(0, Math.floor((now - Date.parse(sinceIso)) / 60_000));
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

export const ruleName = (rule: string | null): string => rule ?? 'fallback';

/**
 * A location's display name. Locations have ids only so far ("des-moines"); this is the one
 * place that turns an id into "Des Moines", so real display names can replace it here.
 */
export const placeName = (id: string): string =>
  id
    .split(/[-_]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ') || id;
