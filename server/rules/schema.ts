/**
 * The one schema for rules/gestures.yaml. Validation, the TypeScript types and
 * rules/schema.json (editor autocomplete and hover text) all come from here, so
 * the descriptions below are what a manager sees in their editor.
 * Cross-checks that need the whole document (unknown gestures, duplicates,
 * shadowed rules) live in validate.ts.
 */
import { z } from 'zod';
import { GESTURE_KINDS } from '../contract/recommendation.ts';

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'use lowercase letters, digits and dashes, e.g. "parts-not-ordered"');

const money = z.number().nonnegative('must be zero or more');

/** Text staff read: one string, or one per language ({ en: "...", es: "..." }). */
const localized = z.union([
  z.string().min(1, 'must not be empty'),
  z.record(
    z.string().regex(/^[a-z]{2}$/, 'language codes are two letters, e.g. "en"'),
    z.string().min(1, 'must not be empty'),
  ),
]);

const say = localized.describe('Words for staff to say: one sentence, or one per language, e.g. { en: "...", es: "..." }.');

const range = z
  .object({
    at_least: z.number().nonnegative('must be zero or more').optional().describe('Holds when the value is this or more.'),
    at_most: z.number().nonnegative('must be zero or more').optional().describe('Holds when the value is this or less.'),
  })
  .strict()
  .refine((r) => r.at_least !== undefined || r.at_most !== undefined, 'give at_least, at_most or both')
  .refine((r) => r.at_least === undefined || r.at_most === undefined || r.at_least <= r.at_most, 'at_least must not exceed at_most');

export const gestureSchema = z
  .object({
    label: localized.describe(
      'What staff and customers read, e.g. "Lunch in our lobby café"; or one per language, e.g. { en: "Lunch in our café", es: "Almuerzo en nuestro café" }.',
    ),
    value: money.describe('What the gesture costs us, in the file\'s currency. Drives the approval threshold and the value cap.'),
    kind: z
      .enum(GESTURE_KINDS)
      .describe('What kind of loss it repairs: money (a refund), redo (do it again / replace), attention (time, care), upgrade (something better).'),
    say: say.optional().describe('Words to say when offering this gesture. Optional; the rule\'s words come first.'),
    only_at: z
      .array(id)
      .min(1, 'list at least one location, or leave only_at out to offer it everywhere')
      .optional()
      .describe('Locations where this gesture exists. Leave out to offer it everywhere.'),
  })
  .strict();

const mentionList = z.array(z.string().trim().min(1, 'an empty word never matches')).min(1, 'list at least one word or phrase');

/**
 * The languages of per-language mentions, kept beside the flat list the matcher reads
 * (the list is what every other part of the engine sees; only corpus inheritance and
 * validation ask which language a word was written in).
 */
const mentionLanguages = new WeakMap<readonly string[], Record<string, string[]>>();

/** `{ en: [...], es: [...] }` as written, when the rule gave its mentions per language. */
export function mentionsByLanguage(mentions: readonly string[] | undefined): Record<string, string[]> | undefined {
  return mentions ? mentionLanguages.get(mentions) : undefined;
}

const mentions = z
  .union([
    mentionList,
    z.record(z.string().regex(/^[a-z]{2}$/, 'language codes are two letters, e.g. "en"'), mentionList),
  ])
  .transform((m): string[] => {
    if (Array.isArray(m)) return m;
    const flat = Object.values(m).flat();
    mentionLanguages.set(flat, m);
    return flat;
  });

export const whenSchema = z
  .object({
    mentions: mentions
      .optional()
      .describe(
        'Words or phrases staff might type, as a list or one list per language ({ en: [...], es: [...] }). Any one is enough; more and longer matches score higher.',
      ),
    wait_minutes: range.optional().describe('How long the customer waited or will wait, in minutes (a day is 1440).'),
    amount_paid: range.optional().describe('What the customer paid, in the file\'s currency.'),
    customer_tier: z.array(z.string().min(1)).min(1).optional().describe('Customer tiers this rule is for, e.g. [gold, platinum].'),
    location: z.array(id).min(1).optional().describe('Locations this rule applies at. Leave out for all locations.'),
  })
  .strict()
  .refine((w) => Object.keys(w).length > 0, 'a rule needs at least one condition')
  .describe('Conditions. All given conditions must hold; mentions match the description, the rest match the context.');

export const ruleSchema = z
  .object({
    id: id.describe('A short unique name, e.g. parts-not-ordered. It shows up in the log and the console.'),
    label: localized
      .optional()
      .describe('What staff read when they pick this rule, e.g. "Noise complaint"; or one per language, e.g. { en: "Noise complaint", es: "Queja por ruido" }.'),
    description: z.string().optional().describe('A note for managers; not shown to customers.'),
    when: whenSchema,
    offer: z
      .array(id)
      .min(1, 'offer at least one gesture')
      .describe('Gesture ids in order: the first that fits is recommended, the next two are alternatives.'),
    say: say.optional().describe('Words to say for this failure.'),
    priority: z
      .number()
      .int('use a whole number')
      .min(-100)
      .max(100)
      .default(0)
      .describe('Settles near-ties between rules (higher wins) and lets a manager force a rule ahead. -100 to 100, default 0.'),
    learn_from_corpus: z
      .boolean()
      .optional()
      .describe(
        'Default true: when this rule\'s words clearly belong to one kind of failure in the shipped corpus, the rule also hears that kind\'s example phrasings (weakly). false: only its own words and examples.',
      ),
  })
  .strict();

export const alertSchema = z
  .object({
    id: id.describe('A short unique name for the alert.'),
    rule: id.describe('The rule whose failures are counted.'),
    count: z.number().int('use a whole number').min(2, 'a quorum needs at least 2 failures').describe('How many failures raise the alert.'),
    within_minutes: z.number().positive('must be more than zero').describe('The window the failures must fall in.'),
    scope: z
      .enum(['per-location', 'all-locations'])
      .default('per-location')
      .describe('Count per location (default) or across all locations.'),
    message: z.string().optional().describe('What the strike-team alert says.'),
  })
  .strict();

export const rulesDocSchema = z
  .object({
    currency: z.string().regex(/^[A-Z]{3}$/, 'a three-letter currency code, e.g. USD').default('USD').describe('Currency of every value, e.g. USD.'),
    language: z
      .string()
      .regex(/^[a-z]{2}$/, 'a two-letter language code, e.g. "en"')
      .default('en')
      .describe('Language used when a request does not ask for one.'),
    examples: z
      .array(z.string().trim().min(1, 'name a file, e.g. examples/cases.jsonl'))
      .optional()
      .describe(
        'Files of labelled descriptions, paths relative to this file, one JSON object per line: {"text": "...", "expect": "rule-id"}. A description close to a rule\'s examples goes to that rule.',
      ),
    approval_above: money.default(25).describe('Gestures worth more than this need a manager\'s approval.'),
    value_cap_percent: z
      .number()
      .positive('must be more than zero')
      .default(150)
      .describe('Never give more than this percent of what the customer paid, when known.'),
    gestures: z.record(id, gestureSchema).describe('Everything staff may offer, by id.'),
    rules: z.array(ruleSchema).describe('Which failure gets which gesture.'),
    repeat: z
      .object({ within_days: z.number().positive('must be more than zero').describe('Days an earlier recovery counts.') })
      .strict()
      .default({ within_days: 30 })
      .describe('A customer back again within this window gets the next, stronger offer.'),
    fallback: z
      .object({ offer: z.array(id).min(1, 'offer at least one gesture').describe('Gesture ids, first that fits wins.'), say })
      .strict()
      .describe('What to offer when no rule matches.'),
    alerts: z.array(alertSchema).default([]).describe('Strike-team alerts: enough failures of one rule in a window.'),
  })
  .strict();

export type RulesDoc = z.infer<typeof rulesDocSchema>;
export type GestureDef = z.infer<typeof gestureSchema>;
export type RuleDef = z.infer<typeof ruleSchema>;
export type AlertDef = z.infer<typeof alertSchema>;
export type Say = z.infer<typeof say>;
