/** Builds the AppContext from the app's dependencies. */
import type { ChainFields, EntryBody } from '../contract/log-entry.ts';
import { MakegoodError } from '../contract/errors.ts';
import type { Principal } from '../contract/roles.ts';
import type { RecoveryLogStore } from '../log/store.ts';
import { createEmitter } from './emitter.ts';
import { rooms, type AppContext, type AppEvents, type AppSettings, type IoServer, type ServerEvent, type ServerPayload } from './context.ts';
import type { Logger } from './logger.ts';
import type { RulesSource } from './rules-source.ts';

const EVERYWHERE = rooms.managersOf('*');

export function createContext(io: IoServer, store: RecoveryLogStore, rules: RulesSource, settings: AppSettings, log: Logger): AppContext {
  const events = createEmitter<AppEvents>((type, err) => log.error(`listener for ${String(type)} failed`, err));
  rules.onChange((change) => events.emit(change.ok ? 'rules:reloaded' : 'rules:error', change.status));

  // socket.io's typed emit does not accept a generic event name; the public helpers stay typed.
  const emitTo = (target: { emit: (...a: unknown[]) => unknown }, event: ServerEvent, payload: unknown) => target.emit(event, payload);
  // socket.io encodes a broadcast (walks it for binaries, stringifies it) before it looks for
  // receivers; most appends have no manager watching, so skip empty rooms. The in-memory adapter's
  // rooms hold every socket; a cluster adapter would need this check to go.
  const occupied = (room: string) => (io.sockets.adapter.rooms.get(room)?.size ?? 0) > 0;

  return {
    io,
    store,
    rules: () => rules.current(),
    rulesStatus: () => rules.status(),
    examples: rules.book ?? null,
    settings,
    events,
    log,
    async appendEntry<B extends EntryBody>(body: B) {
      let entry;
      try {
        entry = await store.append(body);
      } catch (err) {
        // Anything but a disk refusal is our bug (e.g. a malformed body): report it as internal.
        if (err instanceof MakegoodError && err.code !== 'unavailable') throw new Error(`log append refused: ${err.message}`);
        log.error(`log append failed (${body.type})`, err);
        throw new MakegoodError('unavailable', 'the recovery log could not be written, so nothing was saved; try again shortly');
      }
      events.emit('entry:appended', entry);
      return entry as unknown as B & ChainFields;
    },
    toManagers<E extends ServerEvent>(location: string | null, event: E, payload: ServerPayload<E>) {
      if (location === null) {
        if (occupied(rooms.allManagers)) emitTo(io.to(rooms.allManagers) as never, event, payload);
        return;
      }
      const here = rooms.managersOf(location);
      if (occupied(here) || occupied(EVERYWHERE)) emitTo(io.to([here, EVERYWHERE]) as never, event, payload);
    },
    toStaff<E extends ServerEvent>(tokenId: string, event: E, payload: ServerPayload<E>) {
      const room = rooms.token(tokenId);
      if (occupied(room)) emitTo(io.to(room) as never, event, payload);
    },
    oversees(principal: Principal, location: string | null | undefined) {
      if (principal.locations.includes('*')) return true;
      // Cross-location entries (e.g. an all-locations alert) concern every overseer.
      if (location === null || location === undefined) return principal.role !== 'staff';
      return principal.locations.includes(location);
    },
  };
}
