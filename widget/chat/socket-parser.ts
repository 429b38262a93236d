/**
 * A JSON-only socket.io packet parser (protocol 5) for widget.js, put in place of
 * socket.io-parser by server/build.mjs. The widget and our server never send binary
 * attachments, so the binary reconstructor, deconstructor and checks (~0.8 KB gzip of the
 * 24 KB budget) go; everything else is the same wire format, and the same payload checks
 * (test/unit/widget-socket-parser.test.ts runs it against the real parser both ways).
 * A binary frame is refused as a parse error, which closes the connection like any bad frame.
 */
import { Emitter } from '@socket.io/component-emitter';

export const protocol = 5;

export const PacketType = { CONNECT: 0, DISCONNECT: 1, EVENT: 2, ACK: 3, CONNECT_ERROR: 4, BINARY_EVENT: 5, BINARY_ACK: 6 } as const;

export interface Packet {
  type: number;
  nsp: string;
  data?: any;
  id?: number;
}

const isObj = (x: unknown): boolean => Object.prototype.toString.call(x) === '[object Object]';
const RESERVED = ['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener'];

/** What each packet type may carry, by type number (as socket.io-parser's isPayloadValid). */
const VALID: Array<(d: unknown) => boolean> = [
  isObj,
  (d) => d === undefined,
  (d) => Array.isArray(d) && (typeof d[0] === 'number' || (typeof d[0] === 'string' && !RESERVED.includes(d[0]))),
  Array.isArray,
  (d) => typeof d === 'string' || isObj(d),
];

export class Encoder {
  encode(p: Packet): string[] {
    return [p.type + (p.nsp && p.nsp !== '/' ? p.nsp + ',' : '') + (p.id != null ? p.id : '') + (p.data != null ? JSON.stringify(p.data) : '')];
  }
}

export class Decoder extends Emitter<Record<string, never>, Record<string, never>, { decoded: (p: Packet) => void }> {
  add(s: unknown): void {
    if (typeof s !== 'string') throw new Error('binary packets are not supported');
    const m = /^([0-4])(\/[^,]*,?)?(\d*)([^]*)$/.exec(s);
    if (!m) throw new Error(`unknown packet type ${s[0]}`);
    const p: Packet = { type: +(m[1] as string), nsp: m[2] ? m[2].replace(/,$/, '') : '/' };
    if (m[3]) p.id = +m[3];
    if (m[4]) p.data = JSON.parse(m[4]);
    if (!VALID[p.type]?.(p.data)) throw new Error('invalid payload');
    this.emitReserved('decoded', p);
  }
  destroy(): void {}
}
