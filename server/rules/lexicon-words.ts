/**
 * The related-word list we ship, grouped by the trades makegood serves.
 * Single words only (phrases belong in the rules file). Keep entries to words
 * staff would really type for the same complaint; a loose entry makes rules fire
 * on the wrong thing. Head words are what a manager is likely to write.
 */
export const RELATED_WORDS: Readonly<Record<string, readonly string[]>> = {
  // Everywhere: noise and cleanliness
  noise: ['noisy', 'banging', 'blaring', 'loud', 'music', 'racket', 'shouting', 'yelling', 'construction', 'drilling', 'thumping', 'party', 'snoring', 'barking', 'hammering'],
  dirty: ['grimy', 'unclean', 'filthy', 'stained', 'stain', 'gross', 'messy', 'dusty', 'sticky', 'smudged', 'greasy', 'soiled', 'disgusting', 'unhygienic', 'mold', 'mouldy', 'moldy'],
};
