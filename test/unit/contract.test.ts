import { describe, it, expect } from 'vitest';
import { ok, fail, ERROR_CODES, MakegoodError } from '../../server/contract/errors.ts';
import { CLIENT_EVENTS, EVENT_ROLES } from '../../server/contract/events.ts';

describe('wire contract', () => {
  it('builds success and failure acks', () => {
    expect(ok({ a: 1 })).toEqual({ ok: true, data: { a: 1 } });
    expect(fail('forbidden', 'staff only')).toEqual({ ok: false, error: { code: 'forbidden', message: 'staff only' } });
    expect(fail('invalid_payload', 'too long', 'description')).toEqual({
      ok: false,
      error: { code: 'invalid_payload', message: 'too long', path: 'description' },
    });
  });

  it('gives every client event at least one role', () => {
    for (const event of CLIENT_EVENTS) expect(EVENT_ROLES[event].length).toBeGreaterThan(0);
  });

  it('carries a code from the one list on typed errors', () => {
    const err = new MakegoodError('unavailable', 'disk full');
    expect(ERROR_CODES).toContain(err.code);
    expect(err).toBeInstanceOf(Error);
  });
});
