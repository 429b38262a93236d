/**
 * The widget's network layer against real socket.io servers: a bare one we can make misbehave
 * (drop acks, go away, come back on the same port), and the real makegood server.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecommendRequest } from '../../server/contract/index.ts';
import { connect, type Connection, type ConnectionHandlers } from '../../widget/chat/connection.ts';
import { createStore, initialState, type State, type Status, type Store } from '../../widget/chat/store.ts';
import { startSync } from '../../widget/chat/sync.ts';
import { emitAck, SMALL_RULES, startTestServer, type TestServer } from '../support/server-harness.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A bare socket.io server on `port` (0 = any) whose recommend handler the test writes. */
async function bareServer(port: number, onRecommend: (req: RecommendRequest, ack: (a: unknown) => void, n: number, socket: ServerSocket) => void) {
  const http: HttpServer = createServer();
  const io = new Server(http);
  const seen: RecommendRequest[] = [];
  io.use((socket, next) => (socket.handshake.auth.token === 'good' ? next() : next(Object.assign(new Error('unknown or revoked token'), { data: { code: 'unauthorized' } }))));
  io.on('connection', (socket) => socket.on('recovery:recommend', (req: RecommendRequest, ack: (a: unknown) => void) => {
    seen.push(req);
    onRecommend(req, ack, seen.length, socket);
  }));
  await new Promise<void>((r) => http.listen(port, '127.0.0.1', r));
  const close = () => new Promise<void>((r) => io.close(() => r()));
  cleanups.push(close);
  return { port: (http.address() as AddressInfo).port, seen, close };
}

/** Statuses seen, and a promise for the next time a status arrives. */
function watch() {
  const statuses: Status[] = [];
  let wake: () => void = () => {};
  return {
    statuses,
    handlers: { status: (s: Status) => (statuses.push(s), wake()), approval: () => {} },
    until: (s: Status) => new Promise<void>((r) => {
      const check = () => (statuses[statuses.length - 1] === s ? r() : (wake = check));
      check();
    }),
  };
}

function open(url: string, token: string, handlers: ConnectionHandlers, opts = {}): Connection {
  const conn = connect(url, token, handlers, opts);
  cleanups.push(() => conn.close());
  return conn;
}

const payload = (requestId: string): RecommendRequest => ({ requestId, description: 'The parts for his booked repair were never ordered' });
const answer = { ok: true, data: { entry_id: 'e1' } };

describe('connection.request()', () => {
  it('after an ack timeout sends again with the same requestId, and resolves with the answer', async () => {
    const srv = await bareServer(0, (_req, ack, n) => n >= 2 && ack(answer)); // the first ack never comes
    const w = watch();
    const conn = open(`http://127.0.0.1:${srv.port}`, 'good', w.handlers, { ackTimeoutMs: 150, retryMs: 10 });
    const ack = await conn.request('recovery:recommend', payload('req-a'));
    expect(ack).toEqual(answer);
    expect(srv.seen.map((r) => r.requestId)).toEqual(['req-a', 'req-a']);
  });

  it('queues a request made while the server is down and sends it once when it is back on the same port', async () => {
    const first = await bareServer(0, (_req, ack) => ack(answer));
    const port = first.port;
    const w = watch();
    const conn = open(`http://127.0.0.1:${port}`, 'good', w.handlers, { offlineAfter: 1 });
    await w.until('connected');
    await first.close();
    await w.until('offline');
    const pending = conn.request('recovery:recommend', payload('req-b'));
    const second = await bareServer(port, (_req, ack) => ack(answer));
    expect(await pending).toEqual(answer);
    expect(first.seen).toEqual([]);
    expect(second.seen.map((r) => r.requestId)).toEqual(['req-b']);
    expect(w.statuses).toEqual(expect.arrayContaining(['connected', 'reconnecting', 'offline']));
    expect(w.statuses[w.statuses.length - 1]).toBe('connected');
  });

  it('a connection dropped mid-request comes back and the request is re-sent with the same id', async () => {
    // The first time, the server hangs up instead of answering.
    const srv = await bareServer(0, (_req, ack, n, socket) => (n === 1 ? socket.disconnect(true) : ack(answer)));
    const conn = open(`http://127.0.0.1:${srv.port}`, 'good', watch().handlers);
    expect(await conn.request('recovery:recommend', payload('req-c'))).toEqual(answer);
    expect(srv.seen.map((r) => r.requestId)).toEqual(['req-c', 'req-c']);
  });

  it('says offline and why when the server refuses the token', async () => {
    const srv = await bareServer(0, () => {});
    const refused: unknown[] = [];
    const statuses: Status[] = [];
    await new Promise<void>((r) => {
      open(`http://127.0.0.1:${srv.port}`, 'bad', { status: (s, why) => (statuses.push(s), refused.push(why), why && r()), approval: () => {} });
    });
    expect(statuses[statuses.length - 1]).toBe('offline');
    expect(refused[refused.length - 1]).toEqual({ code: 'unauthorized', message: 'unknown or revoked token' });
  });

  it('does not trust a reply of the wrong shape', async () => {
    const srv = await bareServer(0, (_req, ack, n) => ack(n === 1 ? 'yes' : { ok: false, error: { code: 'teapot', message: 1 } }));
    const conn = open(`http://127.0.0.1:${srv.port}`, 'good', watch().handlers);
    expect(await conn.request('recovery:recommend', payload('a'))).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(await conn.request('recovery:recommend', payload('b'))).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});

/** Resolves when the store's state satisfies `pred` (the test timeout bounds the wait). */
function until(store: Store, pred: (s: State) => boolean): Promise<State> {
  return new Promise((resolve) => {
    const check = () => pred(store.get()) && (off(), resolve(store.get()));
    const off = store.subscribe(check);
    check();
  });
}

describe('widget ↔ makegood server', () => {
  let srv: TestServer;

  it('recommend → approval waits → manager approves live → accepted is logged once', async () => {
    srv = await startTestServer({ rulesText: SMALL_RULES });
    cleanups.push(() => srv.close());
    const store = createStore(initialState('en'));
    const conn = connect(srv.url, srv.tokens.staff, {
      status: (status, refused) => store.dispatch({ type: 'set', status, refused }),
      approval: (e) => store.dispatch({ type: 'approval', requestId: e.request_id, approved: e.approved, note: e.note }),
    });
    cleanups.push(() => conn.close());
    cleanups.push(startSync(store, conn));
    const manager = await srv.connect(srv.tokens.manager);

    store.dispatch({ type: 'submit', id: 'w-1', text: 'The parts for his booked repair were never ordered', context: { lang: 'en' } });
    let s = await until(store, (x) => x.turns[0]!.state !== 'pending');
    const turn = s.turns[0]!;
    expect(turn.result).toMatchObject({ approval: 'pending', recommendation: { gesture: { id: 'loaner', needs_approval: true } } });

    const approved = await emitAck(manager, 'approval:decide', { entryId: turn.result!.entry_id, approved: true, note: 'fine by me' });
    expect(approved.ok).toBe(true);
    s = await until(store, (x) => x.turns[0]!.approval !== undefined);
    expect(s.turns[0]!.approval).toEqual({ approved: true, note: 'fine by me' });

    store.dispatch({ type: 'decide', id: 'w-1', outcome: 'accepted', gestureId: 'loaner' });
    s = await until(store, (x) => x.turns[0]!.decisions[0]!.state !== 'pending');
    expect(s.turns[0]!.decisions[0]).toMatchObject({ state: 'done' });

    const log = await srv.readLog();
    const recs = log.filter((e) => e.type === 'recommendation' && e.request_id === 'w-1');
    const decisions = log.filter((e) => e.type === 'decision' && e.request_id === 'w-1');
    expect(recs).toHaveLength(1);
    expect(decisions).toMatchObject([{ outcome: 'accepted', gesture_id: 'loaner', ref: recs[0]!.id }]);
  });

  it('an approval decided while the widget was away (e.g. during a reload) shows up once it reconnects, logging nothing', async () => {
    srv = await startTestServer({ rulesText: SMALL_RULES });
    cleanups.push(() => srv.close());
    const before = await srv.connect(srv.tokens.staff);
    const description = 'The parts for his booked repair were never ordered';
    const asked = await emitAck(before, 'recovery:recommend', { requestId: 'w-2', description, context: { lang: 'en' } });
    if (!asked.ok) throw new Error(asked.error.message);
    expect(asked.data.approval).toBe('pending');
    before.close();
    const manager = await srv.connect(srv.tokens.manager);
    expect((await emitAck(manager, 'approval:decide', { entryId: asked.data.entry_id, approved: false, note: 'offer coffee' })).ok).toBe(true);

    // The page comes back with the conversation from sessionStorage, still waiting.
    const store = createStore({ ...initialState('en'), turns: [{ id: 'w-2', text: description, context: { lang: 'en' }, state: 'done', result: asked.data, decisions: [] }] });
    const conn = connect(srv.url, srv.tokens.staff, { status: (status) => store.dispatch({ type: 'set', status }), approval: () => {} });
    cleanups.push(() => conn.close());
    cleanups.push(startSync(store, conn));
    const s = await until(store, (x) => x.turns[0]!.result!.approval !== 'pending');
    expect(s.turns[0]).toMatchObject({ state: 'done', result: { approval: 'declined', entry_id: asked.data.entry_id } });
    expect((await srv.readLog()).filter((e) => e.type === 'recommendation')).toHaveLength(1);
  });

  it('an error from the server lands on the turn with its code', async () => {
    srv = await startTestServer({ rulesText: SMALL_RULES });
    cleanups.push(() => srv.close());
    const store = createStore(initialState('en'));
    const conn = connect(srv.url, srv.tokens.staff, { status: () => {}, approval: () => {} });
    cleanups.push(() => conn.close());
    cleanups.push(startSync(store, conn));
    store.dispatch({ type: 'submit', id: 'has space', text: 'x'.repeat(2001), context: {} });
    const s = await until(store, (x) => x.turns[0]!.state !== 'pending');
    expect(s.turns[0]).toMatchObject({ state: 'error', error: { code: 'invalid_payload' } });
  });
});
