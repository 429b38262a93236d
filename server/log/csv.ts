/**
 * CSV cells and rows (RFC 4180: quotes doubled, CRLF rows) with OWASP CSV-injection
 * neutralising: a text cell that a spreadsheet could read as a formula gets a leading single
 * quote, so it shows as text instead of running. That is a cell starting with = + - @ tab CR or
 * LF, and also one where such a sign (or its fullwidth or small form: ＝＋－＠ ﹦﹢﹣﹫, or the
 * minus sign −) comes after characters a spreadsheet may skip or trim: spaces of any kind
 * (no-break, em, ideographic, …), zero-width and other invisible format characters (ZWSP,
 * joiners, direction marks, a BOM) and control characters. Numbers are written as they are:
 * -5 is a value, not a formula.
 */
// Spaces, invisible format characters (ZWSP, ZWJ, BOM, bidi marks, soft hyphen, …) and controls.
const SKIPPABLE = '[\\p{White_Space}\\p{Cf}\\p{Cc}]';
const FORMULA_SIGN = '[=+\\-@\\uFF1D\\uFF0B\\uFF0D\\uFF20\\uFE66\\uFE62\\uFE63\\uFE6B\\u2212]';
const DANGEROUS = new RegExp(`^(?:[\\t\\r\\n]|${SKIPPABLE}*${FORMULA_SIGN})`, 'u');
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** True when a spreadsheet could take this text for a formula. */
export function looksLikeFormula(s: string): boolean {
  return DANGEROUS.test(s);
}

export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  let s = typeof value === 'string' ? value : String(value);
  if (looksLikeFormula(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(cells: readonly unknown[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
