/**
 * Wiring between the store and the socket: saves every change for a reload and hands each
 * unsent request to the connection exactly once per page (the connection itself retries).
 */
import type { Connection } from './connection.ts';
import { pendingSends } from './outbox.ts';
import { save } from './persist.ts';
import type { Store } from './store.ts';

export function startSync(store: Store, conn: Connection): () => void {
  const inflight = new Set<string>();
  let connects = 0;
  let was = '';
  const flush = () => {
    const s = store.get();
    save(s);
    if (s.status === 'connected' && was !== 'connected') connects++;
    was = s.status;
    for (const send of pendingSends(s, connects)) {
      if (inflight.has(send.key)) continue;
      inflight.add(send.key);
      const wanted = () => store.get().turns.some((t) => t.id === send.id);
      const again = send.key.includes('@'); // an approval check: keep its key, keep the card if it fails
      (conn.request as Connection['request'])(send.event, send.payload as any, wanted).then((ack: any) => {
        if (!again) inflight.delete(send.key);
        if (again && !ack.ok) return;
        store.dispatch('done' in send ? send.done(ack) : send.event === 'recovery:recommend' ? { type: 'recommended', id: send.id, ack } : { type: 'decided', id: send.id, index: send.index, ack });
      });
    }
  };
  const stop = store.subscribe(flush);
  flush();
  return stop;
}
