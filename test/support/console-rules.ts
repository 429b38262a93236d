/** A small rules file for console/alerts integration tests: known rules, one gesture over the approval threshold, two alerts. */
export const CONSOLE_RULES = `
currency: USD
approval_above: 25
gestures:
  coffee: { label: Free coffee, value: 4, kind: money }
  discount: { label: 10% off the bill, value: 15, kind: money }
  free-service: { label: Free service, value: 120, kind: money }
rules:
  - id: parts-not-ordered
    when: { mentions: ["parts not ordered", "never ordered"] }
    offer: [discount, coffee]
    say: We should have had your parts ready.
  - id: car-damaged
    when: { mentions: ["scratch", "dent"] }
    offer: [free-service]
    say: We will put it right at no cost.
  - id: room-not-ready
    when: { mentions: ["room not ready"] }
    offer: [coffee]
    say: Your room will be ready shortly; coffee is on us.
fallback:
  offer: [coffee]
  say: We are sorry about that.
alerts:
  - { id: parts-quorum, rule: parts-not-ordered, count: 3, within_minutes: 60, scope: all-locations, message: Check the parts ordering system. }
  - { id: rooms-local, rule: room-not-ready, count: 2, within_minutes: 60, scope: per-location }
`;

export const PARTS = 'the parts were never ordered for the repair';
export const ROOM = 'guest says the room not ready at check-in';
export const DENT = 'found a dent on the door after the car wash';
