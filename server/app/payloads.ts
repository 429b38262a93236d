/**
 * Validation of every client payload, one zod schema per event. Limits are here
 * so they are easy to find; a failure names the field: "description: at most 2000 characters".
 */
import { z } from 'zod';
import { MAX_DECIDE_MANY, type ClientEvent } from '../contract/events.ts';
import { OUTCOMES, REACTIONS } from '../contract/log-entry.ts';
import { MakegoodError } from '../contract/errors.ts';
import type { Payload } from './feature.ts';

export const LIMITS = {
  requestId: 100,
  description: 2000,
  contextFields: 20,
  contextKey: 40,
  contextString: 200,
  note: 500,
  id: 100,
  text: 200,
  pageSize: 500,
  closeText: 2000,
} as const;

const str = (max: number) => z.string().max(max, `at most ${max} characters`);
const nonEmpty = (max: number) => str(max).refine((s) => s.trim().length > 0, 'must not be empty');

/** Printable ASCII without spaces: what uuids, nanoids and counters look like. */
const requestId = str(LIMITS.requestId).regex(/^[\x21-\x7e]+$/, 'use printable characters without spaces, e.g. a uuid');
const entryId = nonEmpty(LIMITS.id);
const location = str(60).regex(/^[a-z0-9][a-z0-9-]*$/, 'a location id like "des-moines"');
const isoDate = str(40).refine((s) => !Number.isNaN(Date.parse(s)), 'not a date; use ISO 8601, e.g. 2026-11-16 or 2026-11-16T09:00:00Z');
const empty = z.object({});

const contextValue = z.union([str(LIMITS.contextString), z.number().finite(), z.boolean()]);

/** Known fields are typed; up to 20 fields in all, extra ones short strings, numbers or booleans. */
const context = z
  .object({
    wait_minutes: z.number().finite().min(0, 'must be zero or more').max(10_080, 'at most one week (10080)').optional(),
    customer_tier: nonEmpty(40).optional(),
    amount_paid: z.number().finite().min(0, 'must be zero or more').max(10_000_000, 'too large').optional(),
    customer_ref: nonEmpty(LIMITS.id).optional(),
    location: location.optional(),
    lang: str(2).regex(/^[a-z]{2}$/, 'a two-letter language code, e.g. "en"').optional(),
  })
  .catchall(contextValue)
  .refine((c) => Object.keys(c).length <= LIMITS.contextFields, `at most ${LIMITS.contextFields} fields`)
  .refine((c) => Object.keys(c).every((k) => k.length <= LIMITS.contextKey), `field names at most ${LIMITS.contextKey} characters`);

const logQuery = z
  .object({
    since: isoDate.optional(),
    until: isoDate.optional(),
    location: location.optional(),
    staff: str(LIMITS.id).optional(),
    rule: str(LIMITS.id).optional(),
    gesture: str(LIMITS.id).optional(),
    outcome: z.enum([...OUTCOMES, 'none']).optional(),
    text: str(LIMITS.text).optional(),
    type: z.enum(['recommendation', 'decision', 'approval', 'alert', 'alert_closed', 'loss', 'correction']).optional(),
    offset: z.number().int('must be a whole number').min(0).max(100_000_000).optional(),
    limit: z.number().int('must be a whole number').min(1).max(LIMITS.pageSize, `at most ${LIMITS.pageSize}`).optional(),
  })
  .strict();

export const PAYLOADS: { [E in ClientEvent]: z.ZodType<Payload<E>> } = {
  'recovery:recommend': z
    .object({ requestId, description: nonEmpty(LIMITS.description), context: context.optional() })
    .strict() as z.ZodType<Payload<'recovery:recommend'>>,
  'recovery:decide': z
    .object({
      requestId,
      outcome: z.enum(OUTCOMES),
      gestureId: nonEmpty(LIMITS.id).optional(),
      reaction: z.enum(REACTIONS).optional(),
      note: str(LIMITS.note).optional(),
      correction: z.object({ reason: nonEmpty(LIMITS.note) }).strict().optional(),
    })
    .strict(),
  'approval:list': empty,
  'approval:decide': z.object({ entryId, approved: z.boolean(), note: str(LIMITS.note).optional() }).strict(),
  'approval:decide-many': z
    .object({ entryIds: z.array(entryId).min(1, 'select at least one request').max(MAX_DECIDE_MANY, `at most ${MAX_DECIDE_MANY} a message; send the rest in another`), approved: z.boolean(), note: str(LIMITS.note).optional() })
    .strict(),
  'rules:status': empty,
  'recovery:correct': z.object({ requestId, ruleId: nonEmpty(LIMITS.id) }).strict(),
  'rules:list': z.object({ lang: str(2).regex(/^[a-z]{2}$/, 'a two-letter language code, e.g. "en"').optional() }).strict(),
  'rules:suggest': empty,
  'log:query': logQuery,
  'log:entry': z.object({ id: entryId }).strict(),
  'log:export': logQuery.extend({ format: z.enum(['csv', 'json']) }),
  'log:chain': empty,
  'log:suggest': empty,
  'log:prove': z.object({ id: entryId }).strict(),
  'stats:totals': logQuery,
  'stats:effectiveness': z.object({ days: z.number().int('must be a whole number').min(1).max(366) }).strict(),
  'stats:live': empty,
  'stats:failures': z.object({ bucket: z.enum(['hour', 'day', 'week']), since: isoDate.optional(), until: isoDate.optional(), location: location.optional() }).strict(),
  'alert:list': empty,
  'alert:close': z.object({ entryId, root_cause: nonEmpty(LIMITS.closeText), fix: nonEmpty(LIMITS.closeText) }).strict(),
};

const MAX_DEPTH = 6;

/**
 * JSON.parse makes "__proto__" an own key, which zod's object parsing skips silently;
 * refuse it anywhere (and absurd nesting) so nothing is dropped or merged unseen.
 */
function hostileKey(value: unknown, depth = 0): { path: string[]; message: string } | null {
  if (typeof value !== 'object' || value === null) return null;
  if (depth > MAX_DEPTH) return { path: [], message: 'nested too deeply' };
  if (Object.prototype.hasOwnProperty.call(value, '__proto__')) return { path: ['__proto__'], message: 'this field name is not allowed' };
  for (const k of Object.keys(value)) {
    const found = hostileKey((value as Record<string, unknown>)[k], depth + 1);
    // The path is built only on the way out of a refusal: valid payloads allocate nothing here.
    if (found) {
      found.path.unshift(k);
      return found;
    }
  }
  return null;
}

/** Parses or throws MakegoodError('invalid_payload') naming the first bad field. */
export function parsePayload<E extends ClientEvent>(event: E, raw: unknown): Payload<E> {
  const hostile = hostileKey(raw);
  if (hostile) {
    const path = hostile.path.join('.');
    throw new MakegoodError('invalid_payload', path ? `${path}: ${hostile.message}` : hostile.message, path || undefined);
  }
  const schema = PAYLOADS[event] as z.ZodType<Payload<E>>;
  const result = schema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '';
  const message = issue?.code === 'invalid_type' && issue.path.length === 0 ? 'payload must be an object' : (issue?.message ?? 'invalid');
  throw new MakegoodError('invalid_payload', path ? `${path}: ${message}` : message, path || undefined);
}
