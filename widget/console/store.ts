/**
 * The manager's live state, kept at the top so switching views loses nothing: the feed of
 * recoveries and decisions, the approval queue, the rules status and a counter that bumps
 * whenever alerts change. Views subscribe with useConsoleStore().
 */
import { useEffect, useState } from 'preact/hooks';
import type { EntryOf, PendingApproval, RulesStatus } from '../../server/contract/index.ts';
import type { ConsoleApi } from './api.ts';

export type FeedItem = { kind: 'logged'; entry: EntryOf<'recommendation'> } | { kind: 'decided'; entry: EntryOf<'decision'> };

export interface ManagerState {
  feed: FeedItem[];
  pending: PendingApproval[];
  rules: RulesStatus;
  /** Bumps on every alert fired/closed and every new recovery, so views know to refetch. */
  alertsVersion: number;
  recoveriesVersion: number;
  lastAlert: EntryOf<'alert'> | null;
}

const FEED_LIMIT = 200;

export interface ConsoleStore {
  get(): ManagerState;
  subscribe(fn: () => void): () => void;
  set(patch: Partial<ManagerState>): void;
  dispose(): void;
}

export function createManagerStore(api: ConsoleApi, rules: RulesStatus): ConsoleStore {
  let state: ManagerState = { feed: [], pending: [], rules, alertsVersion: 0, recoveriesVersion: 0, lastAlert: null };
  const subs = new Set<() => void>();
  const set = (patch: Partial<ManagerState>) => {
    state = { ...state, ...patch };
    subs.forEach((fn) => fn());
  };
  const pushFeed = (item: FeedItem) => set({ feed: [item, ...state.feed].slice(0, FEED_LIMIT) });
  const offs = [
    api.on('recovery:logged', (entry) => {
      pushFeed({ kind: 'logged', entry });
      set({ recoveriesVersion: state.recoveriesVersion + 1 });
    }),
    api.on('recovery:decided', (entry) => pushFeed({ kind: 'decided', entry })),
    api.on('approval:requested', (p) => {
      // One open request per recommendation: a swap's request replaces the one it withdrew.
      set({ pending: [...state.pending.filter((x) => x.entry.id !== p.entry.id), p] });
    }),
    api.on('approval:decided', (a) => set({ pending: state.pending.filter((x) => x.entry.id !== a.ref) })),
    api.on('approval:withdrawn', (w) => set({ pending: state.pending.filter((x) => (x.request?.entry_id ?? x.entry.id) !== w.entry_id) })),
    api.on('rules:reloaded', (r) => set({ rules: r })),
    api.on('rules:error', (r) => set({ rules: r })),
    api.on('alert:fired', (a) => set({ alertsVersion: state.alertsVersion + 1, lastAlert: a })),
    // The banner follows the alert: closed (by anyone, from any tab) means gone.
    api.on('alert:closed', (c) => set({ alertsVersion: state.alertsVersion + 1, ...(state.lastAlert?.id === c.ref ? { lastAlert: null } : {}) })),
  ];
  // The queue may already hold requests made before we connected (or while we were away).
  const refresh = () => {
    void api.request('approval:list', {}).then((res) => {
      if (!res.ok) return;
      const known = new Set(res.data.map((p) => p.entry.id));
      set({ pending: [...res.data, ...state.pending.filter((p) => !known.has(p.entry.id))] });
    });
    void api.request('rules:status', {}).then((res) => res.ok && set({ rules: res.data }));
  };
  refresh();
  offs.push(api.onConnection((s) => s === 'up' && refresh()));
  // Open on the latest recoveries rather than an empty feed; live ones go on top.
  void api.request('log:query', { type: 'recommendation', limit: 20 }).then((res) => {
    if (!res.ok) return;
    const known = new Set(state.feed.map((f) => f.entry.id));
    const recent = res.data.entries
      .filter((e): e is EntryOf<'recommendation'> => e.type === 'recommendation' && !known.has(e.id))
      .map((entry): FeedItem => ({ kind: 'logged', entry }));
    set({ feed: [...state.feed, ...recent].slice(0, FEED_LIMIT) });
  });
  return {
    get: () => state,
    subscribe(fn) {
      subs.add(fn);
      return () => subs.delete(fn);
    },
    set,
    dispose: () => offs.forEach((off) => off()),
  };
}

export function useConsoleStore(store: ConsoleStore): ManagerState {
  const [, force] = useState(0);
  useEffect(() => store.subscribe(() => force((n) => n + 1)), [store]);
  return store.get();
}
