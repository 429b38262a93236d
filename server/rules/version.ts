import { createHash } from 'node:crypto';

/**
 * The rules version: a content hash of the file text, so two servers with the
 * same file agree and a log entry names exactly the policy it was decided under.
 * @example rulesVersion('currency: USD\n') // "r-3f9a1c20b7d1"-style
 */
export function rulesVersion(text: string): string {
  return 'r-' + createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 12);
}
