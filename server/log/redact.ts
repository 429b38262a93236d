/**
 * Redacts personal data from free text before it enters the log (which is append-only,
 * so anything logged stays forever): e-mail addresses → "[email]", card numbers (13–19
 * digits, spaces or dashes allowed, Luhn-checked) → "[card]", phone numbers (international
 * "+…"/"00…", US and national trunk "0…" forms, with spaces, dashes, dots, parentheses)
 * → "[phone]". Waits, room and order numbers, amounts and dates are left alone.
 * Known trade-off: a bare 10-digit number reads as a US phone number and is redacted.
 *
 * @example redact('Call me at (515) 555-0134 or ana@example.com') // 'Call me at [phone] or [email]'
 */

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// Digits with single spaces or dashes between them; checked for length and Luhn below.
const CARD = /(?<![\w.,])\d(?:[ -]?\d){12,18}(?![\w]|[.,]\d)/g;
const INTERNATIONAL = /(?<![\w+])(?:\+|00)\d{1,3}(?:[ .-]?(?:\(\d{1,4}\)|\d{1,5})){2,6}(?![\w]|[.,]\d)/g;
const US = /(?<![\w+])(?:\+?1[ .-]?)?(?:\(\d{3}\)[ .-]?|\d{3}[ .-]?)\d{3}[ .-]?\d{4}(?![\w]|[.,]\d)/g;
// A 7-digit local number needs its dash or dot ("555-0134"), so "1204 5551" stays.
const LOCAL = /(?<![\w+.-])\d{3}[.-]\d{4}(?![\w]|[.,-]\d)/g;
const NATIONAL = /(?<![\w+])0\d{2,4}[ .-]?\d{3,4}[ .-]?\d{3,4}(?![\w]|[.,]\d)/g;

const digitsOf = (s: string) => s.replace(/\D/g, '');

export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function redact(text: string): string {
  if (typeof text !== 'string' || text === '') return text;
  return text
    .replace(EMAIL, '[email]')
    .replace(CARD, (m) => {
      const d = digitsOf(m);
      return d.length >= 13 && d.length <= 19 && luhn(d) ? '[card]' : m;
    })
    .replace(INTERNATIONAL, (m) => {
      const n = digitsOf(m).length - (m.startsWith('00') ? 2 : 0);
      return n >= 8 && n <= 15 ? '[phone]' : m;
    })
    .replace(US, '[phone]')
    .replace(NATIONAL, (m) => {
      const n = digitsOf(m).length;
      return n >= 10 && n <= 11 ? '[phone]' : m;
    })
    .replace(LOCAL, '[phone]');
}
