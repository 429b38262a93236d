/**
 * Picks the words to say in the right language: the request's language, else
 * the file's default, else English, else whatever the manager wrote first.
 */
import type { Say } from './schema.ts';

export function pickSay(say: Say | undefined, langs: ReadonlyArray<string | undefined>): string | undefined {
  if (say === undefined) return undefined;
  if (typeof say === 'string') return say;
  for (const lang of [...langs, 'en']) {
    if (lang === undefined) continue;
    const key = lang.toLowerCase().slice(0, 2);
    if (Object.hasOwn(say, key)) return say[key] as string;
  }
  return Object.values(say)[0];
}
