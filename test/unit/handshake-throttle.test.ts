import { afterEach, describe, expect, it, vi } from 'vitest';
import { addressKey, HandshakeThrottle } from '../../server/auth/handshake-throttle.ts';
import { memoryLogger, warningTally } from '../../server/app/logger.ts';
import { summariseRefusals } from '../../server/auth/socket-auth.ts';

describe('addressKey()', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['::ffff:10.1.2.3', '10.1.2.3'],
    ['2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002::ffff', '2001:db8:1:2::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    [undefined, 'unknown'],
  ])('%s → %s', (address, key) => {
    expect(addressKey(address)).toBe(key);
  });
});

describe('HandshakeThrottle', () => {
  let t = 0;
  const make = (limit = 3, windowMs = 1000, maxAddresses = 100) => new HandshakeThrottle({ limit, windowMs, maxAddresses, now: () => t });

  it('lets an address fail `limit` times, then refuses it until its oldest failure leaves the window', () => {
    t = 0;
    const th = make();
    for (const at of [0, 100, 200]) {
      t = at;
      expect(th.retryAfterMs('10.0.0.1')).toBe(0);
      th.failed('10.0.0.1');
    }
    t = 300;
    expect(th.retryAfterMs('10.0.0.1')).toBe(700);
    expect(th.retryAfterMs('10.0.0.2')).toBe(0); // others are not affected
    t = 1000;
    expect(th.retryAfterMs('10.0.0.1')).toBe(0); // the failure at 0 is out of the window
    th.failed('10.0.0.1');
    expect(th.retryAfterMs('10.0.0.1')).toBe(100); // 100, 200, 1000 in the window
  });

  it('counts a whole IPv6 /64 as one address, and a mapped IPv4 as the IPv4', () => {
    t = 0;
    const th = make(2);
    th.failed('2001:db8::1');
    th.failed('2001:db8::2');
    expect(th.retryAfterMs('2001:db8::3')).toBeGreaterThan(0);
    th.failed('::ffff:192.0.2.1');
    th.failed('192.0.2.1');
    expect(th.retryAfterMs('192.0.2.1')).toBeGreaterThan(0);
  });

  it('keeps at most maxAddresses, dropping the stalest', () => {
    t = 0;
    const th = make(1, 60_000, 3);
    for (const a of ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4']) th.failed(a);
    expect(th.size).toBe(3);
    expect(th.retryAfterMs('10.0.0.1')).toBe(0);
    expect(th.retryAfterMs('10.0.0.4')).toBeGreaterThan(0);
  });
});

describe('warningTally()', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('logs the first occurrence in full, then one summary per period, and starts over after a quiet one', () => {
    vi.useFakeTimers();
    const log = memoryLogger();
    const tally = warningTally(log, { everyMs: 60_000, summary: summariseRefusals, now: () => Date.now() });
    tally.add('origin', '10.0.0.1', () => 'first refusal');
    for (let i = 0; i < 800; i++) tally.add('bad token', `10.0.0.${i % 3}`, () => 'never shown');
    for (let i = 0; i < 12; i++) tally.add('origin', '10.0.0.9', () => 'never shown');
    expect(log.lines).toEqual(['warn first refusal']);
    vi.advanceTimersByTime(60_000);
    expect(log.lines).toEqual(['warn first refusal', 'warn refused 812 more handshakes in the last 60 s from 4 addresses (bad token 800, origin 12)']);
    vi.advanceTimersByTime(60_000); // nothing came: the spell is over
    expect(log.lines).toHaveLength(2);
    tally.add('origin', '10.0.0.1', () => 'news again');
    expect(log.lines.at(-1)).toBe('warn news again');
    tally.add('throttled', '10.0.0.1', () => 'never shown');
    tally.close();
    expect(log.lines.at(-1)).toMatch(/^warn refused 1 more handshake in the last \d+ s from 1 address \(throttled 1\)$/);
    vi.advanceTimersByTime(600_000);
    expect(log.lines).toHaveLength(4);
  });
});
