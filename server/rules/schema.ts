/**
 * The one schema for rules/gestures.yaml. Validation, the TypeScript types and
 * rules/schema.json (editor autocomplete) all come from here.
 * Cross-checks that need the whole document (unknown gestures, duplicates,
 * shadowed rules) live in validate.ts.
 */
import { z } from 'zod';
import { GESTURE_KINDS } from '../contract/recommendation.ts';

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'use lowercase letters, digits and dashes, e.g. "parts-not-ordered"');

const money = z.number().nonnegative('must be zero or more');

/** Words to say: one string, or one per language ({ en: "...", es: "..." }). */
const say = z.union([
  z.string().min(1, 'must not be empty'),
  z.record(z.string().regex(/^[a-z]{2}$/, 'language codes are two letters, e.g. "en"'), z.string().min(1)),
]);

const range = z
  .object({ at_least: z.number().nonnegative().optional(), at_most: z.number().nonnegative().optional() })
  .strict()
  .refine((r) => r.at_least !== undefined || r.at_most !== undefined, 'give at_least, at_most or both')
  .refine((r) => r.at_least === undefined || r.at_most === undefined || r.at_least <= r.at_most, 'at_least must not exceed at_most');

export const gestureSchema = z
  .object({
    label: z.string().min(1),
    value: money,
    kind: z.enum(GESTURE_KINDS),
    say: say.optional(),
    only_at: z.array(id).min(1).optional(),
  })
  .strict();

export const whenSchema = z
  .object({
    mentions: z.array(z.string().trim().min(1, 'an empty word never matches')).min(1, 'list at least one word or phrase').optional(),
    wait_minutes: range.optional(),
    amount_paid: range.optional(),
    customer_tier: z.array(z.string().min(1)).min(1).optional(),
    location: z.array(id).min(1).optional(),
  })
  .strict()
  .refine((w) => Object.keys(w).length > 0, 'a rule needs at least one condition');

export const ruleSchema = z
  .object({
    id,
    description: z.string().optional(),
    when: whenSchema,
    offer: z.array(id).min(1, 'offer at least one gesture'),
    say: say.optional(),
    priority: z.number().int().min(-100).max(100).default(0),
  })
  .strict();

export const alertSchema = z
  .object({
    id,
    rule: id,
    count: z.number().int().min(2, 'a quorum needs at least 2 failures'),
    within_minutes: z.number().positive(),
    scope: z.enum(['per-location', 'all-locations']).default('per-location'),
    message: z.string().optional(),
  })
  .strict();

export const rulesDocSchema = z
  .object({
    currency: z.string().regex(/^[A-Z]{3}$/, 'a three-letter currency code, e.g. USD').default('USD'),
    language: z.string().regex(/^[a-z]{2}$/).default('en'),
    approval_above: money.default(25),
    value_cap_percent: z.number().positive().default(150),
    gestures: z.record(id, gestureSchema),
    rules: z.array(ruleSchema),
    repeat: z.object({ within_days: z.number().positive() }).strict().default({ within_days: 30 }),
    fallback: z.object({ offer: z.array(id).min(1), say }).strict(),
    alerts: z.array(alertSchema).default([]),
  })
  .strict();

export type RulesDoc = z.infer<typeof rulesDocSchema>;
export type GestureDef = z.infer<typeof gestureSchema>;
export type RuleDef = z.infer<typeof ruleSchema>;
export type AlertDef = z.infer<typeof alertSchema>;
export type Say = z.infer<typeof say>;
