/**
 * A client-made request id. crypto.randomUUID exists only in secure contexts (https, localhost)
 * and front desks often load the widget over plain http on a LAN: fall back to 128 random bits.
 */
export function newRequestId(): string {
  const c = globalThis.crypto;
  return c.randomUUID?.() ?? Array.from(c.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
