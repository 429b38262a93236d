/**
 * Realistic front-desk descriptions for the load and match benches: what staff type in a hurry,
 * across dealership, hotel, restaurant and retail, with typos, numbers and run-on phrasing.
 * Deterministic for a seed so two runs compare the same work.
 */
import { prng } from '../../server/rules/synthetic.ts';

const OPENERS = ['', 'guest says ', 'customer is upset, ', 'pls help - ', 'again: ', 'fyi ', 'mr jones ', 'couple at table 12 '];

const FAILURES = [
  'the parts for the booked repair were never ordered and the car cant be fixed today',
  'waited {n} minutes past the appointment and nobody came to get them',
  'room wasnt ready at check in, they had to wait in the lobby for {n} min',
  'billing error, they were charged twice for the same oil change',
  'got the wrong order, asked for no onions and the burger came with onions',
  'steak was cold and overcooked, sent it back twice',
  'loud banging noise from the room next door all night, couldnt sleep',
  'bathroom was dirty when they arrived, hair in the shower',
  'the ac in the room is broken and its 90 degrees',
  'we lost their reservation, no table for 6 even though they booked last week',
  'front desk clerk was rude to them on the phone',
  'scratched the door when we parked the car, theres a dent now',
  'same repair again, the check engine light came back on after {n} days',
  'nobody called them back about the estimate like we promised',
  'delivery was {n} days late and the box was damaged',
  'item out of stock after we said it was on the shelf, drove {n} miles for it',
  'reciept shows the wrong amount, overcharged by {n} dollars',
  'refridgerator in the suite is leaking all over the floor',
  'shampo dispenser empty and no towels in the room',
  'wifi not working in the whole wing since yesterday',
];

const CLOSERS = ['', ' they are really angry', ' gold member', ' second time this month', ' wants to talk to a manager', ' very polite about it tho'];

/** The same seeded PRNG the synthetic rules use. */
export const rng = prng;

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

export function description(r: () => number): string {
  const body = pick(r, FAILURES).replace('{n}', String(5 + Math.floor(r() * 90)));
  return `${pick(r, OPENERS)}${body}${pick(r, CLOSERS)}`;
}

export function descriptions(n: number, seed: number): string[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => description(r));
}

/** Context staff sometimes add; usually a wait and a tier, sometimes nothing. */
export function context(r: () => number): Record<string, string | number> | undefined {
  const x = r();
  if (x < 0.3) return undefined;
  if (x < 0.7) return { wait_minutes: Math.floor(r() * 120) };
  return { wait_minutes: Math.floor(r() * 120), customer_tier: r() < 0.5 ? 'gold' : 'standard', amount_paid: Math.floor(r() * 400) };
}
