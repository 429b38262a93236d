/**
 * Turns what staff type in a hurry into words the matcher can compare:
 * lowercase, accents and punctuation gone, contractions spelled out (with or
 * without the apostrophe: "didn't" and "didnt" both become "did not"),
 * "35mins" split into "35 mins", and the sentence and clause each word sits in.
 */

export interface Word {
  /** Lowercased, normalised word, e.g. "ordered", "not", "35". */
  text: string;
  /** Sentence number; phrases never match across a sentence end. */
  sentence: number;
  /** Clause number; negation stops at a clause boundary. */
  clause: number;
}

// Typed with or without the apostrophe. Only forms that are not also ordinary
// words: "well", "were", "shell", "ill" stay as they are.
const CONTRACTIONS: ReadonlyMap<string, string> = new Map(Object.entries({
  didnt: 'did not', dont: 'do not', doesnt: 'does not', isnt: 'is not', wasnt: 'was not',
  werent: 'were not', arent: 'are not', cant: 'can not', cannot: 'can not', couldnt: 'could not',
  wouldnt: 'would not', shouldnt: 'should not', wont: 'will not', havent: 'have not', hasnt: 'has not',
  hadnt: 'had not', aint: 'is not', mustnt: 'must not', neednt: 'need not', mightnt: 'might not',
  dunno: 'do not know', gonna: 'going to', wanna: 'want to', gotta: 'got to',
  nothin: 'nothing', nope: 'no',
}));

/** Words that end a clause for negation ("not cold, but spilled"). */
const CLAUSE_WORDS = new Set([
  'but', 'and', 'although', 'though', 'however', 'yet', 'while', 'whereas', 'because', 'so', 'then',
  'except', 'instead', 'plus', 'also', 'after', 'before', 'when',
]);

const SENTENCE_END = /[.!?;]/;
const CLAUSE_END = /[,:()\[\]"]|\s[-–—]+\s|[–—]/;

/** Lowercase, strip accents and unify apostrophes. */
export function fold(text: string): string {
  const ascii = !/[^\x00-\x7f]/.test(text);
  return (ascii ? text : text.normalize('NFKD').replace(/[\u0300-\u036f]/g, ''))
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`´]/g, "'");
}

/** Expand "n't" and drop other clitics ("guest's" → "guest", "we're" → "we"). */
function expandApostrophes(s: string): string {
  return s
    .replace(/\bcan't\b/g, 'can not')
    .replace(/\bwon't\b/g, 'will not')
    .replace(/\bain't\b/g, 'is not')
    .replace(/n't\b/g, ' not')
    .replace(/'(s|re|ve|ll|d|m)\b/g, '')
    .replace(/'/g, '');
}

// Words staff write joined or apart: one spelling for both the rules and the text.
const JOINED: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bwi[\s-]?fi\b/g, 'wifi'],
  [/\ba\/c\b/g, 'ac'],
  [/\be-mail/g, 'email'],
  [/\bkeycards?\b/g, 'key card'],
  [/\bcheckin\b/g, 'check in'],
  [/\bcallbacks?\b/g, 'call back'],
  [/\bfrontdesk\b/g, 'front desk'],
  [/\bshowerheads?\b/g, 'shower head'],
  [/\bbedbugs?\b/g, 'bed bugs'],
  [/\bback-?orders?\b/g, 'backorder'],
  [/\bback-?ordered\b/g, 'backordered'],
];

const MAY_JOIN = /wi|a\/c|e-m|keycard|checkin|callback|frontdesk|showerhead|bedbug|back-?order/;

function joinAndSplit(s: string): string {
  if (!MAY_JOIN.test(s)) return s; // most texts: one scan instead of eleven
  for (const [re, to] of JOINED) s = s.replace(re, to);
  return s;
}

/**
 * Split text into normalised words with sentence and clause numbers.
 * @example words("Parts weren't ordered!") // → parts, were, not, ordered
 */
export function words(text: string): Word[] {
  const s = joinAndSplit(expandApostrophes(fold(text)))
    .replace(/(\d)([a-z])/g, '$1 $2') // "35mins" → "35 mins"
    .replace(/([a-z])(\d)/g, '$1 $2');
  const out: Word[] = [];
  let sentence = 0;
  let clause = 0;
  // Words (with decimals like 1.5) or a run of punctuation, which may be a boundary.
  const re = /(\d+(?:\.\d+)?|[a-z]+)|([^a-z\d]+)/g;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    const gap = m[2];
    if (gap !== undefined) {
      if (gap === ' ') continue; // the usual case: no boundary to look for
      if (SENTENCE_END.test(gap)) { sentence++; clause++; }
      else if (CLAUSE_END.test(gap)) clause++;
      continue;
    }
    const raw = m[1] as string;
    const expanded = CONTRACTIONS.get(raw); // a Map: typed words like "constructor" are not keys
    if (expanded === undefined) {
      if (CLAUSE_WORDS.has(raw)) clause++;
      out.push({ text: raw, sentence, clause });
      continue;
    }
    for (const w of expanded.split(' ')) {
      if (CLAUSE_WORDS.has(w)) clause++;
      out.push({ text: w, sentence, clause });
    }
  }
  return out;
}

/** Just the words, for the manager's phrases in the rules file. */
export function phraseWords(phrase: string): string[] {
  return words(phrase).map((w) => w.text);
}
