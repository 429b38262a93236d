import { describe, expect, it } from 'vitest';
import { csvCell, csvRow, looksLikeFormula } from '../../server/log/csv.ts';

/** What a spreadsheet reads from one quoted-or-not CSV cell. */
function unquote(cell: string): string {
  return cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
}

const SIGNS = ['=', '+', '-', '@', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'];
const LEADERS: [string, string][] = [
  ['nothing', ''],
  ['a space', ' '],
  ['three spaces', '   '],
  ['a tab', '\t'],
  ['a no-break space', '\u00A0'],
  ['an em space', '\u2003'],
  ['a narrow no-break space', '\u202F'],
  ['an ideographic space', '\u3000'],
  ['a zero-width space', '\u200B'],
  ['a zero-width joiner', '\u200D'],
  ['a word joiner', '\u2060'],
  ['a byte-order mark', '\uFEFF'],
  ['a right-to-left mark', '\u200F'],
  ['a soft hyphen', '\u00AD'],
  ['a line break', '\n'],
  ['a mix', ' \u00A0\u200B\uFEFF\t'],
];

describe('csvCell(): formula starts are neutralised', () => {
  for (const [name, lead] of LEADERS) {
    for (const sign of SIGNS) {
      const text = `${lead}${sign}HYPERLINK("http://evil.example","x")`;
      it(`${name} before ${JSON.stringify(sign)}`, () => {
        expect(looksLikeFormula(text)).toBe(true);
        const read = unquote(csvCell(text));
        expect(read).toBe(`'${text}`);
      });
    }
  }

  it.each([['\uFE66cmd'], ['\uFE62cmd'], ['\uFE63cmd'], ['\uFE6Bcmd'], ['\u22121+2']])('small forms and the minus sign: %j', (text) => {
    expect(unquote(csvCell(text)).startsWith("'")).toBe(true);
  });
});

describe('csvCell(): ordinary text and values are left alone', () => {
  it.each([
    ['plain', 'plain'],
    ['mid = sign', 'mid = sign'],
    ['Room 12 - late', 'Room 12 - late'],
    ['e-mail me', 'e-mail me'],
    ['café', 'café'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    [' padded ', '" padded "'],
    ['\u00A0no sign', '"\u00A0no sign"'],
  ])('%j → %j', (input, out) => {
    expect(csvCell(input)).toBe(out);
  });

  it('writes numbers and booleans as values, negative ones too', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(12.5)).toBe('12.5');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('a row joins cells with commas and ends with CRLF', () => {
    expect(csvRow(['a', ' =1', -2])).toBe("a,' =1,-2\r\n");
  });
});
