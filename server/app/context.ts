/**
 * What every feature module gets: the socket.io server, the log store, the live
 * rules, settings, an in-process event bus and a few helpers. Built once by
 * app.ts; features never read process.env or open files themselves.
 */
import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents, RulesStatus } from '../contract/events.ts';
import type { ChainFields, EntryBody, LogEntry } from '../contract/log-entry.ts';
import type { Principal } from '../contract/roles.ts';
import type { RulesEngine } from '../rules/engine.ts';
import type { ExampleBook } from '../rules/example-book.ts';
import type { RecoveryLogStore } from '../log/store.ts';
import type { Emitter } from './emitter.ts';
import type { Logger } from './logger.ts';

/** Per-socket data set by the auth middleware. */
export interface SocketData {
  principal: Principal;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, {}, SocketData>;
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, {}, SocketData>;

export interface AppSettings {
  /** Where strike-team alerts are POSTed, if anywhere. */
  webhookUrl?: string;
  /** Signed checkpoints (proof-feature.ts): the data directory (key, log, checkpoints/), every N entries / M minutes (0 = off), the witness. */
  proofs?: { dataDir: string; every: number; minutes: number; witnessDir?: string; witnessUrl?: string };
}

/** In-process signals. 'entry:appended' fires after every durable append, in log order. */
export interface AppEvents extends Record<string, unknown> {
  'entry:appended': LogEntry;
  'rules:reloaded': RulesStatus;
  'rules:error': RulesStatus;
}

export type ServerEvent = keyof ServerToClientEvents;
export type ServerPayload<E extends ServerEvent> = Parameters<ServerToClientEvents[E]>[0];

export interface AppContext {
  io: IoServer;
  store: RecoveryLogStore;
  /** The live rules engine: a valid save of the rules file is live for the next call. */
  rules(): RulesEngine;
  rulesStatus(): RulesStatus;
  /** The corrections every engine learns from (null when the rules source keeps none). */
  examples: ExampleBook | null;
  settings: AppSettings;
  events: Emitter<AppEvents>;
  log: Logger;
  /**
   * Appends to the log, then emits 'entry:appended'. Disk errors become
   * MakegoodError('unavailable'); the caller must not report success then.
   */
  appendEntry<B extends EntryBody>(body: B): Promise<B & ChainFields>;
  /** To every manager overseeing `location` (and '*' overseers); `null` = every manager. */
  toManagers<E extends ServerEvent>(location: string | null, event: E, payload: ServerPayload<E>): void;
  /** To every socket signed in with this token (e.g. one staff member's widgets). */
  toStaff<E extends ServerEvent>(tokenId: string, event: E, payload: ServerPayload<E>): void;
  /** True when the principal may see this location ('*' sees all; null = a cross-location entry). */
  oversees(principal: Principal, location: string | null | undefined): boolean;
}

/** Room names, in one place so emitters and joiners agree. */
export const rooms = {
  allManagers: 'managers',
  managersOf: (location: string) => `managers:${location}`,
  token: (tokenId: string) => `token:${tokenId}`,
} as const;
