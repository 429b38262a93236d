/**
 * Examples learned while the server runs (staff corrections), shared by every
 * engine the server compiles: the server makes one book at start, fills it from
 * the log, and passes it to each rules load, so it survives reloads. add() takes
 * effect at the next recommend on any engine, with no recompile; an example naming
 * a rule the current rules file does not have is kept but ignored. Pure, no I/O.
 *
 * @example
 *   const book = new ExampleBook();
 *   book.add({ text: 'tv next door blaring till 2am', rule_id: 'noise',
 *              source: { type: 'correction', by: 'Ana', at: '2026-11-30T21:04:00Z', location: 'downtown' } });
 */

export type ExampleSource =
  | { type: 'correction'; by?: string; at?: string; location?: string }
  /** A line of an examples file named by the rules file, or given to `rules test --examples`. */
  | { type: 'file'; file: string; line: number }
  | { type: 'corpus'; kind: string };

export interface LearnedExample {
  text: string;
  rule_id: string;
  source: ExampleSource;
}

/** Longest example text kept; like descriptions, longer text is cut. */
export const MAX_EXAMPLE_CHARS = 2000;

export class ExampleBook {
  private readonly list: LearnedExample[] = [];

  /** Learn one example. Empty texts are ignored; returns whether it was kept. */
  add(example: LearnedExample): boolean {
    const text = typeof example.text === 'string' ? example.text.trim().slice(0, MAX_EXAMPLE_CHARS) : '';
    if (text === '' || typeof example.rule_id !== 'string' || example.rule_id === '') return false;
    this.list.push({ text, rule_id: example.rule_id, source: example.source });
    return true;
  }

  get size(): number {
    return this.list.length;
  }

  /** Examples from position `from` on, in the order they were added (engines catch up with this). */
  since(from: number): readonly LearnedExample[] {
    return this.list.slice(from);
  }
}
