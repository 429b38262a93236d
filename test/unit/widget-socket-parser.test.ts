/** The widget's JSON-only socket.io parser against the real socket.io-parser, both ways. */
import * as real from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import * as mine from '../../widget/chat/socket-parser.ts';

const PACKETS: mine.Packet[] = [
  { type: 0, nsp: '/', data: { token: 'mg_x' } },
  { type: 0, nsp: '/admin', data: { sid: 'abc' } },
  { type: 1, nsp: '/' },
  { type: 2, nsp: '/', data: ['recovery:recommend', { requestId: 'r-1', description: 'soup "cold", 2 €' }], id: 12 },
  { type: 2, nsp: '/chat', data: ['session:hello', { principal: { role: 'staff' } }] },
  { type: 3, nsp: '/', data: [{ ok: true, data: { entry_id: 'e1' } }], id: 7 },
  { type: 4, nsp: '/', data: { message: 'unauthorized', data: { code: 'unauthorized' } } },
  { type: 4, nsp: '/', data: 'refused' },
];

function decodeWith(Decoder: new () => { on(e: 'decoded', f: (p: unknown) => void): void; add(s: unknown): void }, s: string): unknown {
  const d = new Decoder();
  let out: unknown;
  d.on('decoded', (p) => (out = p));
  d.add(s);
  return out;
}

describe('widget socket parser', () => {
  it.each(PACKETS)('encodes %j as socket.io-parser does, and each decodes the other', (p) => {
    const theirs = new real.Encoder().encode(p as never) as string[];
    const ours = new mine.Encoder().encode(p);
    expect(ours).toEqual(theirs);
    expect(decodeWith(mine.Decoder as never, theirs[0] as string)).toEqual(decodeWith(real.Decoder as never, theirs[0] as string));
  });

  it.each([
    '9', // unknown type
    '2["connect"]', // reserved event name
    '2{"a":1}', // an event that is not a list
    '0"str"', // connect with a string
    '1{"a":1}', // disconnect with a payload
    '2[1', // cut JSON
    '51-["x",{"_placeholder":true,"num":0}]', // binary: not spoken by this widget
  ])('refuses %j (a parse error closes the connection)', (s) => {
    expect(() => decodeWith(mine.Decoder as never, s)).toThrow();
  });

  it('refuses binary frames', () => {
    expect(() => new mine.Decoder().add(new Uint8Array([1, 2]))).toThrow(/binary/);
  });
});
