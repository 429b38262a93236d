/**
 * CSV cells and rows (RFC 4180: quotes doubled, CRLF rows) with OWASP CSV-injection
 * neutralising: a cell starting with = + - @ tab CR or LF gets a leading single quote,
 * so a spreadsheet shows it as text instead of running it as a formula.
 */
const DANGEROUS_START = /^[=+\-@\t\r\n]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  let s = typeof value === 'string' ? value : String(value);
  if (DANGEROUS_START.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(cells: readonly unknown[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
