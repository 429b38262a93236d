/**
 * Reads a number staff typed into a chip: "12", "$12.50", "12,50 €", "1,250.00", "£7", "12 USD".
 * Number words ("twelve dollars", "doce dólares") are not read: the widget's 24 KB gzip budget
 * had no room for the word lists, so such text is refused with a message saying what to type.
 * Pure: undefined when the text is not a number of zero or more.
 */
export function parseAmount(text: string): number | undefined {
  const s = text.toLowerCase().replace(/[$€£¥\s]|usd|eur|gbp/g, '');
  // A separator before 3 digits groups thousands ("1,250", "1.250"); otherwise it is the decimal one ("12,50").
  const n = /^\d[\d.,]*$/.test(s) ? +s.replace(/[.,](?=\d{3}\b)/g, '').replace(',', '.') : NaN;
  return n >= 0 ? n : undefined;
}
