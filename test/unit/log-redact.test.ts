import { describe, expect, it } from 'vitest';
import { luhn, redact } from '../../server/log/redact.ts';

describe('redact()', () => {
  it.each([
    ['Reach me at ana@example.com please', 'Reach me at [email] please'],
    ['mail ANA.Lopez+vip@mail.example.co.uk!', 'mail [email]!'],
    ['two: a_b@x.io, c-d@sub.domain.org.', 'two: [email], [email].'],
    ['first.last@hotel-group.travel', '[email]'],
  ])('redacts the e-mail in %j', (input, out) => {
    expect(redact(input)).toBe(out);
  });

  it.each([
    '(515) 555-0134',
    '(515)555-0134',
    '515-555-0134',
    '515.555.0134',
    '515 555 0134',
    '5155550134',
    '+1 515 555 0134',
    '+1 (515) 555-0134',
    '+1-515-555-0134',
    '1-800-555-0199',
    '1 800 555 0199',
    '555-0134',
    '+44 20 7946 0958',
    '+44 (0)20 7946 0958',
    '+49 (0)30 123456',
    '+33 1 23 45 67 89',
    '+61-2-9876-5432',
    '+81.3.1234.5678',
    '+353 1 234 5678',
    '0044 20 7946 0958',
    '020 7946 0958',
    '07700 900123',
  ])('redacts the phone number %s', (phone) => {
    expect(redact(`Guest said call ${phone} after six.`)).toBe('Guest said call [phone] after six.');
  });

  it.each([
    '4111 1111 1111 1111',
    '4111-1111-1111-1111',
    '4111111111111111',
    '5500 0000 0000 0004',
    '3782 822463 10005',
    '378282246310005',
    '6011 0009 9013 9424',
    '4222222222222',
  ])('redacts the card number %s', (card) => {
    expect(redact(`charged ${card} twice`)).toBe('charged [card] twice');
  });

  it.each([
    'We waited 35 minutes for a table.',
    'Room 1204 has no hot water.',
    'order #55123 arrived cold',
    'refund of $1,250.00 promised',
    'charged €89.50 instead of €59.50',
    'booked for 2026-11-20, checked in 2026-11-21T10:30:00Z',
    'arrived 11/20/2026 at 10:30pm',
    'open 9-5 daily, 24/7 desk',
    'total 12,345,678 points',
    'amount 1234567.89',
    'confirmation 4111111111111112 (not a valid card)',
    'flight BA 1234 was 3 hours late',
    'we were 4 adults 2 kids in rooms 310-312',
    'version 2.3.1 of the app',
  ])('leaves %j alone', (text) => {
    expect(redact(text)).toBe(text);
  });

  it('redacts everything in one realistic complaint', () => {
    const text = 'Ana Lopez (ana.lopez@gmail.com, +1 515-555-0134) waited 50 min at room 1204; card 4111 1111 1111 1111 was charged $45.00 twice.';
    expect(redact(text)).toBe('Ana Lopez ([email], [phone]) waited 50 min at room 1204; card [card] was charged $45.00 twice.');
  });

  it('keeps empty text empty', () => {
    expect(redact('')).toBe('');
  });
});

describe('luhn()', () => {
  it('accepts valid and refuses invalid check digits', () => {
    expect(luhn('4111111111111111')).toBe(true);
    expect(luhn('4111111111111112')).toBe(false);
    expect(luhn('79927398713')).toBe(true);
  });
});
