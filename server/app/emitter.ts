/**
 * A tiny typed event emitter (mitt-style): in-process signals between feature
 * modules, e.g. 'entry:appended' after every durable append. Listener errors are
 * caught and reported so one faulty listener never breaks the append path.
 */
export type Listener<T> = (value: T) => void;

export interface Emitter<Events extends Record<string, unknown>> {
  on<K extends keyof Events>(type: K, listener: Listener<Events[K]>): () => void;
  off<K extends keyof Events>(type: K, listener: Listener<Events[K]>): void;
  emit<K extends keyof Events>(type: K, value: Events[K]): void;
}

export function createEmitter<Events extends Record<string, unknown>>(
  onListenerError: (type: keyof Events, err: unknown) => void = () => {},
): Emitter<Events> {
  const all = new Map<keyof Events, Set<Listener<never>>>();
  return {
    on(type, listener) {
      let set = all.get(type);
      if (!set) all.set(type, (set = new Set()));
      set.add(listener as Listener<never>);
      return () => this.off(type, listener);
    },
    off(type, listener) {
      all.get(type)?.delete(listener as Listener<never>);
    },
    emit(type, value) {
      // Copy first: a listener may unsubscribe while we iterate.
      for (const listener of [...(all.get(type) ?? [])]) {
        try {
          (listener as Listener<typeof value>)(value);
        } catch (err) {
          onListenerError(type, err);
        }
      }
    },
  };
}
