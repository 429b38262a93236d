import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { words } from '../../server/rules/normalize.ts';
import { waitFromText } from '../../server/rules/wait-from-text.ts';

const wait = (s: string): number | undefined => waitFromText(words(s));

interface Labelled { text: string; wait: number | null; lang?: string }
const labelled = (file: string): Labelled[] =>
  readFileSync(new URL(`../fixtures/${file}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Labelled);

describe('waits: only durations that are waits', () => {
  it.each([
    ['landed after an 11 hour flight, exhausted', undefined],
    ['she ordered it 5 days ago', undefined],
    ['the gym should be open 24 hours', undefined],
    ['booked a 3 day stay', undefined],
    ['he slept 3 hours', undefined],
    ['only 4 hours of sleep', undefined],
    ['a 45 minute wait for a table', 45],
    ['waited 2 hours after a 10 hour drive', 120],
    ['arrived an hour ago and the room is still not ready', 60],
    ['we promised the refund in 5 days and it has been 15', 21600],
  ])('"%s" → %s', (text, minutes) => {
    expect(wait(text)).toBe(minutes);
  });

  it.each([
    ['lleva 50 minutos esperando', 50],
    ['un cuarto de hora', 15],
    ['dos horas y pico', 120],
    ['media hora esperando', 30],
    ['hace una hora que espera', 60],
    ['tardaron hora y media', 90],
    ['veinte y cinco minutos en la fila', 25],
    ['viene de un vuelo de 12 horas', undefined],
    ['compró el sofá hace 5 días', undefined],
  ])('Spanish "%s" → %s', (text, minutes) => {
    expect(wait(text)).toBe(minutes);
  });

  // The labelled set (test/fixtures/waits.*.jsonl, written for this check; holdout is never used to tune).
  for (const file of ['waits.dev.jsonl', 'waits.holdout.jsonl']) {
    const lines = labelled(file);
    it(`${file}: every stated wait is read with its value and no other duration is read as one`, () => {
      const wrong = lines.filter((l) => wait(l.text) !== (l.wait ?? undefined)).map((l) => `${l.text} → ${wait(l.text)} (want ${l.wait})`);
      expect(lines.length).toBeGreaterThan(20);
      expect(wrong).toEqual([]);
    });
  }
});
