/**
 * Synthetic rules documents for the benchmark: any number of rules built from
 * the vocabulary front desks really use (hotel, restaurant, dealership,
 * retail), so word frequencies, phrase lengths and shared words look like a
 * big real file rather than random strings. Deterministic for a seed.
 */
import type { RulesDoc } from './schema.ts';

// A big file names specific things: dishes, rooms, car parts, products.
const THINGS = [
  // hotel
  'room', 'suite', 'shower', 'bathtub', 'towels', 'sheets', 'pillow', 'blanket', 'mattress', 'minibar', 'elevator',
  'pool', 'hot tub', 'sauna', 'gym', 'wifi', 'tv', 'remote', 'air conditioning', 'heater', 'thermostat', 'key card',
  'safe', 'balcony', 'curtains', 'blinds', 'window', 'door lock', 'hallway', 'ice machine', 'vending machine',
  'parking', 'valet', 'shuttle', 'breakfast buffet', 'room service', 'wake up call', 'late checkout', 'crib',
  'rollaway bed', 'hair dryer', 'iron', 'coffee maker', 'kettle', 'toilet', 'sink', 'faucet', 'drain', 'lamp',
  'smoke detector', 'fire alarm', 'luggage', 'bellhop', 'concierge', 'front desk', 'lobby', 'spa', 'massage',
  'reservation', 'booking', 'upgrade', 'loyalty points', 'resort fee', 'deposit', 'invoice', 'bill', 'receipt',
  // restaurant
  'steak', 'ribeye', 'filet', 'burger', 'fries', 'soup', 'chowder', 'salad', 'caesar salad', 'pasta', 'risotto',
  'lasagna', 'pizza', 'calzone', 'sushi', 'sashimi', 'ramen', 'tacos', 'burrito', 'nachos', 'wings', 'ribs',
  'salmon', 'shrimp', 'lobster', 'oysters', 'mussels', 'chicken', 'pork chop', 'lamb', 'tofu', 'omelette',
  'pancakes', 'waffles', 'eggs', 'bacon', 'toast', 'bagel', 'croissant', 'muffin', 'sandwich', 'wrap', 'bread',
  'dessert', 'cheesecake', 'tiramisu', 'ice cream', 'brownie', 'coffee', 'espresso', 'latte', 'tea', 'smoothie',
  'wine', 'cocktail', 'beer', 'soda', 'water glass', 'table', 'booth', 'patio', 'high chair', 'menu', 'waiter',
  'host', 'bartender', 'kitchen', 'takeout', 'delivery', 'order', 'side dish', 'sauce', 'dressing', 'gravy',
  // dealership
  'parts', 'brakes', 'brake pads', 'rotors', 'tires', 'wheel', 'rim', 'battery', 'alternator', 'starter', 'engine',
  'transmission', 'clutch', 'radiator', 'coolant', 'oil change', 'oil filter', 'spark plugs', 'timing belt',
  'alignment', 'suspension', 'shocks', 'struts', 'exhaust', 'muffler', 'catalytic converter', 'windshield',
  'wipers', 'headlight', 'taillight', 'mirror', 'bumper', 'fender', 'hood', 'trunk', 'door handle', 'paint',
  'upholstery', 'seat', 'floor mats', 'dashboard', 'infotainment', 'backup camera', 'sensor', 'check engine light',
  'loaner', 'rental', 'shuttle ride', 'estimate', 'warranty', 'recall', 'inspection', 'diagnostic', 'car wash',
  'service advisor', 'technician', 'appointment', 'pickup', 'drop off', 'key fob', 'registration', 'title',
  // retail
  'package', 'parcel', 'shipment', 'item', 'size', 'color', 'shoes', 'boots', 'sneakers', 'jacket', 'coat', 'dress',
  'shirt', 'jeans', 'sweater', 'handbag', 'wallet', 'watch', 'ring', 'necklace', 'phone', 'laptop', 'tablet',
  'charger', 'headphones', 'speaker', 'printer', 'screen', 'keyboard', 'camera', 'fridge', 'refrigerator',
  'freezer', 'washer', 'dryer', 'dishwasher', 'microwave', 'oven', 'stove', 'vacuum', 'sofa', 'couch', 'chair',
  'desk', 'mattress topper', 'rug', 'lamp shade', 'shampoo', 'soap', 'lotion', 'perfume', 'makeup', 'stock',
  'price tag', 'coupon', 'gift card', 'store credit', 'loyalty card', 'fitting room', 'checkout', 'cashier',
  'self checkout', 'return', 'exchange', 'layaway', 'assembly', 'installation', 'warranty card', 'manual',
  'call back', 'manager', 'website', 'app', 'online order', 'curbside pickup',
];
const FAILURES = [
  'broken', 'missing', 'late', 'cold', 'dirty', 'wrong', 'damaged', 'lost', 'leaking', 'noisy', 'stained',
  'overcharged', 'delayed', 'cancelled', 'forgotten', 'not working', 'not ready', 'never arrived', 'not ordered',
  'double charged', 'out of stock', 'scratched', 'smelly', 'undercooked', 'overcooked', 'stale', 'rude',
  'ignored', 'unavailable', 'expired', 'faulty', 'cracked', 'torn', 'flooded', 'moldy', 'slow', 'incorrect',
  'dented', 'burnt', 'soggy', 'melted', 'spilled', 'stuck', 'jammed', 'clogged', 'flickering', 'rattling',
  'squeaking', 'overheating', 'dead', 'frozen', 'tangled', 'faded', 'shrunk', 'bent', 'chipped', 'not charging',
  'not delivered', 'mislabeled', 'misplaced', 'mixed up', 'not cleaned', 'not refunded', 'not fixed',
  'still broken', 'never called', 'not honored', 'declined', 'lukewarm', 'raw', 'salty', 'bland', 'too small',
  'too big', 'not as described', 'counterfeit', 'used', 'opened', 'recalled',
];
const SOLO = [
  'backorder', 'no show', 'overbooked', 'rude staff', 'food poisoning', 'hair in food', 'bed bugs', 'cockroach',
  'mix up', 'wrong order', 'long wait', 'lost luggage', 'lockout', 'power outage', 'fire alarm', 'flat tire',
  'double booked', 'price match', 'rain check', 'allergic reaction', 'check engine', 'no hot water', 'towed',
];
const GESTURES = ['coffee', 'dessert', 'lunch', 'discount', 'refund', 'upgrade', 'loaner', 'night'];
const LOCATIONS = ['pasadena', 'downtown', 'airport', 'harbor'];

/** Small, fast, seedable PRNG (mulberry32): reproducible without a dependency. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A rules document with nRules rules, the same every time for the same seed. */
export function syntheticDoc(nRules: number, seed = 1): RulesDoc {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const rules: RulesDoc['rules'] = [];
  for (let i = 0; i < nRules; i++) {
    const when: RulesDoc['rules'][number]['when'] = {};
    // About 2% of rules fire on context alone, like "any wait over two hours".
    if (rnd() < 0.02) when.wait_minutes = { at_least: 30 * (1 + Math.floor(rnd() * 8)) };
    else {
      const thing = pick(THINGS);
      const fail = pick(FAILURES);
      const m = new Set<string>([rnd() < 0.5 ? `${thing} ${fail}` : `${fail} ${thing}`]);
      if (rnd() < 0.6) m.add(thing);
      if (rnd() < 0.3) m.add(pick(SOLO));
      if (rnd() < 0.3) m.add(`${pick(THINGS)} ${pick(FAILURES)}`);
      when.mentions = [...m];
      if (rnd() < 0.15) when.wait_minutes = { at_least: 15 * (1 + Math.floor(rnd() * 12)) };
    }
    if (rnd() < 0.1) when.customer_tier = [pick(['gold', 'platinum', 'silver'])];
    if (rnd() < 0.1) when.location = [pick(LOCATIONS)];
    if (rnd() < 0.05) when.amount_paid = { at_least: 50 };
    const offer = [...new Set([pick(GESTURES), pick(GESTURES), pick(GESTURES)])];
    rules.push({ id: `syn-${String(i).padStart(5, '0')}`, when, offer, say: 'We are sorry; let us put this right.', priority: rnd() < 0.1 ? Math.floor(rnd() * 40) - 20 : 0 });
  }
  const g = (label: string, value: number, kind: 'money' | 'redo' | 'attention' | 'upgrade') => ({ label, value, kind });
  return {
    currency: 'USD',
    language: 'en',
    approval_above: 25,
    value_cap_percent: 150,
    gestures: {
      coffee: g('Coffee and a snack', 8, 'attention'),
      dessert: g('Dessert on the house', 12, 'attention'),
      lunch: { ...g('Lunch in the café', 20, 'attention'), only_at: ['pasadena'] },
      discount: g('15% off the bill', 20, 'money'),
      refund: g('Refund of the item', 40, 'money'),
      upgrade: g('Room upgrade', 60, 'upgrade'),
      loaner: g('Loaner car', 90, 'redo'),
      night: g('A night on us', 150, 'money'),
    },
    rules,
    repeat: { within_days: 30 },
    fallback: { offer: ['coffee'], say: "I'm sorry about this. Let me make it right." },
    alerts: [],
  };
}

/** Descriptions like the ones staff type, for the benchmark to send. */
export function syntheticDescriptions(n: number, seed = 2): string[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const frames = [
    (t: string, f: string) => `the ${t} was ${f} and the guest is upset`,
    (t: string, f: string) => `customer says ${t} ${f}, waited ${10 + Math.floor(rnd() * 120)} mins`,
    (t: string, f: string) => `${f} ${t} again!! second time this week`,
    (t: string, f: string) => `guest complained that her ${t} is ${f}, not the first time`,
    (t: string, f: string) => `we told him the ${t} would be ready but it was ${f}, he waited an hour and a half`,
    (t: string, f: string) => `${t} ${f} - very unhappy, wants to talk to someone`,
  ];
  return Array.from({ length: n }, () => pick(frames)(pick(THINGS), pick(FAILURES)));
}
