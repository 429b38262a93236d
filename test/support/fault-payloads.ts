/**
 * Hostile and malformed payloads for the fault suite, as fast-check arbitraries.
 * Each case says whether it is invalid by construction (the server must refuse it with
 * invalid_payload) or of unknown validity (any well-formed answer will do, but never
 * `internal`, and nothing may reach the log unless the ack says it did).
 */
import fc from 'fast-check';
import { CLIENT_EVENTS, type ClientEvent } from '../../server/contract/events.ts';

export interface PayloadCase {
  event: ClientEvent;
  payload: unknown;
  /** 'invalid': must be refused with invalid_payload. 'valid': must succeed. 'any': unknown. */
  expect: 'invalid' | 'valid' | 'any';
  /** Send without an ack callback (only for cases that cannot write to the log). */
  noAck: boolean;
}

/** Keys that have tripped JSON handlers before. */
const NASTY_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'then'];

const key = fc.oneof({ weight: 3, arbitrary: fc.string({ maxLength: 12 }) }, { weight: 1, arbitrary: fc.constantFrom(...NASTY_KEYS) });

/** Any JSON-ish value, nested, with nasty keys and the odd binary blob. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.anything({ key, maxDepth: 4, maxKeys: 6, withNullPrototype: false }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 3_000, unit: 'binary' }) },
);

/** A value deeply nested `depth` times in arrays or objects (still small on the wire). */
export const deep = (depth: number, leaf: unknown = 1): unknown => {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

/** Not a value of type T: used to put a wrong type in a required field. */
const notString = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }), fc.dictionary(key, fc.integer(), { maxKeys: 2 }));
const notNumber = fc.oneof(fc.string({ maxLength: 5 }), fc.boolean(), fc.constant(null), fc.constant([1]));
const notBoolean = fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.constant(null), fc.constant([true]));
const tooLong = (max: number) => fc.integer({ min: max + 1, max: max + 200 }).map((n) => 'x'.repeat(n));

/** Payloads that are not objects at all; null/undefined excepted (the server reads them as {}). */
// Finite doubles only: NaN and Infinity travel as JSON null, which the server rightly reads as {}.
const nonObject = fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.array(anyValue, { maxLength: 4 }));

const okRecommend = { requestId: 'x', description: 'the soup was cold' };

/** Invalid by construction, per event: what the contract in issue 3 says must be refused. */
const invalidFor: Partial<Record<ClientEvent, fc.Arbitrary<unknown>>> = {
  'recovery:recommend': fc.oneof(
    fc.record({ description: fc.string({ minLength: 1, maxLength: 40 }) }), // no requestId
    fc.record({ requestId: fc.uuid() }), // no description
    fc.record({ requestId: notString, description: fc.constant('soup cold') }),
    fc.record({ requestId: fc.uuid(), description: notString }),
    fc.record({ requestId: fc.uuid(), description: tooLong(2_000) }),
    fc.record({ requestId: fc.uuid(), description: fc.constantFrom('', '   ', '\n\t') }),
    fc.record({ requestId: tooLong(100), description: fc.constant('soup cold') }),
    fc.record({ requestId: fc.uuid(), description: fc.constant('soup cold'), context: fc.oneof(nonObject, fc.constant(deep(300))) }),
    fc.record({ requestId: fc.uuid(), description: fc.constant('soup cold'), context: fc.record({ wait_minutes: fc.oneof(notNumber, fc.constant(-5)) }) }),
    // More than 20 context fields.
    fc.integer({ min: 21, max: 40 }).map((n) => ({ ...okRecommend, context: Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, i])) })),
  ),
  'recovery:decide': fc.oneof(
    fc.record({ outcome: fc.constant('offered') }),
    fc.record({ requestId: fc.uuid(), outcome: fc.string({ maxLength: 10 }).filter((s) => !['offered', 'accepted', 'declined', 'swapped'].includes(s)) }),
    fc.record({ requestId: fc.uuid(), outcome: fc.constant('offered'), reaction: fc.constantFrom('angry', 'ok', '', 3) }),
    fc.record({ requestId: fc.uuid(), outcome: fc.constant('offered'), note: tooLong(500) }),
  ),
  'approval:decide': fc.oneof(
    fc.record({ approved: fc.boolean() }),
    fc.record({ entryId: fc.constant('e000001-000000'), approved: notBoolean }),
    fc.record({ entryId: notString, approved: fc.boolean() }),
  ),
  'log:entry': fc.oneof(fc.record({}), fc.record({ id: notString }), fc.record({ id: fc.constant('') })),
  'log:export': fc.oneof(fc.record({}), fc.record({ format: fc.constantFrom('xml', 'CSV', '', 1) })),
  'stats:effectiveness': fc.oneof(fc.record({}), fc.record({ days: fc.oneof(notNumber, fc.constantFrom(0, -1, 367, 1.5, 1e9)) })),
  'alert:close': fc.oneof(
    fc.record({ entryId: fc.constant('e000001-000000'), fix: fc.constant('x') }),
    fc.record({ entryId: fc.constant('e000001-000000'), root_cause: fc.constant(''), fix: fc.constant('x') }),
    fc.record({ entryId: fc.constant('e000001-000000'), root_cause: tooLong(2_000), fix: fc.constant('x') }),
  ),
  'stats:failures': fc.oneof(
    fc.record({ bucket: fc.constantFrom('month', '', 3, null) }),
    fc.record({ bucket: fc.constant('day'), since: fc.constantFrom('yesterday', 'not a date', '') }),
    fc.record({ bucket: fc.constant('week'), location: fc.constantFrom('', 'x'.repeat(500)) }),
    fc.record({ bucket: fc.constant('hour'), unknownField: fc.string() }),
  ),
  'log:query': fc.oneof(
    fc.record({ limit: fc.constantFrom(0, -1, 501, 2.5, 'ten') }),
    fc.record({ since: fc.constantFrom('yesterday', 'not a date', '') }),
    fc.record({ unknownFilter: fc.string() }),
  ),
};

/** Read-only events that take an empty payload: valid with {} or no payload at all. */
const EMPTY_EVENTS: ClientEvent[] = ['approval:list', 'rules:status', 'log:chain', 'stats:live', 'alert:list'];
/** Events that append to the log when they succeed. */
export const WRITE_EVENTS: ReadonlySet<ClientEvent> = new Set(['recovery:recommend', 'recovery:decide', 'approval:decide', 'alert:close']);

let unique = 0;
const freshRecommend = fc
  .record({ description: fc.constantFrom('the soup was cold', 'room not ready at check in', 'parts were never ordered', 'billing error, charged twice') })
  .map((p) => ({ requestId: `fuzz-valid-${process.pid}-${unique++}`, ...p }));

export const payloadCase: fc.Arbitrary<PayloadCase> = fc.oneof(
  // Anything at all, on any event.
  { weight: 5, arbitrary: fc.record({ event: fc.constantFrom(...CLIENT_EVENTS), payload: anyValue }).map((c) => ({ ...c, expect: 'any' as const, noAck: false })) },
  // Not an object: always invalid.
  { weight: 2, arbitrary: fc.record({ event: fc.constantFrom(...CLIENT_EVENTS), payload: nonObject }).map((c) => ({ ...c, expect: 'invalid' as const, noAck: false })) },
  // Invalid fields, event by event.
  {
    weight: 5,
    arbitrary: fc
      .constantFrom(...(Object.keys(invalidFor) as ClientEvent[]))
      .chain((event) => invalidFor[event]!.map((payload) => ({ event, payload, expect: 'invalid' as const, noAck: false }))),
  },
  // Hostile but unacknowledged: the server must not trip over a missing callback.
  { weight: 1, arbitrary: fc.record({ event: fc.constantFrom(...CLIENT_EVENTS), payload: nonObject }).map((c) => ({ ...c, expect: 'invalid' as const, noAck: true })) },
  // Some valid ones, so success is exercised and the log accounting is not trivially empty.
  { weight: 1, arbitrary: freshRecommend.map((payload) => ({ event: 'recovery:recommend' as const, payload, expect: 'valid' as const, noAck: false })) },
  { weight: 1, arbitrary: fc.constantFrom(...EMPTY_EVENTS).map((event) => ({ event, payload: {}, expect: 'valid' as const, noAck: false })) },
);
