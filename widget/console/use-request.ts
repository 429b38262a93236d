/** Loads one request's answer into a component, with loading/error state and reload(). */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ClientEvent, WireError } from '../../server/contract/index.ts';
import type { ConsoleApi, DataOf, RequestOf } from './api.ts';

export interface Loaded<T> {
  data: T | null;
  error: WireError | null;
  loading: boolean;
  reload: () => void;
}

/** `refresh`: any value whose change asks again (e.g. the live rules version). */
export function useRequest<E extends ClientEvent>(api: ConsoleApi, event: E, payload: RequestOf<E>, refresh?: unknown): Loaded<DataOf<E>> {
  const key = JSON.stringify(payload);
  const [state, setState] = useState<{ data: DataOf<E> | null; error: WireError | null; loading: boolean }>({ data: null, error: null, loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    api.request(event, JSON.parse(key) as RequestOf<E>).then((res) => {
      if (!live) return; // a newer request replaced this one
      setState(res.ok ? { data: res.data, error: null, loading: false } : { data: null, error: res.error, loading: false });
    });
    return () => {
      live = false;
    };
  }, [api, event, key, tick, refresh]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/**
 * Reloads when `version` changes, at most once per `everyMs` however busy it gets: the
 * per-token rate limit is shared with everything else this console asks.
 */
export function useThrottledReload(reload: () => void, version: number, everyMs: number): void {
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    if (version === 0 || pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = null;
      reload();
    }, everyMs);
  }, [version]);
  useEffect(() => () => void (pending.current && clearTimeout(pending.current)), []);
}
