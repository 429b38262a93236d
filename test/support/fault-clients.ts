/**
 * Client-side helpers for the fault suite: a socket.io-client to any makegood URL (also
 * servers the harness did not start), and what a log file on disk holds.
 */
import { readFileSync, existsSync } from 'node:fs';
import { io as ioClient } from 'socket.io-client';
import type { LogEntry } from '../../server/contract/log-entry.ts';
import type { ClientSocket } from './server-harness.ts';

/** Connects with a token; resolves once session:hello arrived, rejects with the connect error. */
export function connectTo(url: string, token: string | undefined): Promise<ClientSocket> {
  const socket = ioClient(url, {
    auth: token === undefined ? {} : { token },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    timeout: 5_000,
  }) as ClientSocket;
  return new Promise((resolve, reject) => {
    socket.once('session:hello', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** The entries on disk, line by line; a torn last line (no newline yet) is left out. */
export function readLogFile(path: string): LogEntry[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  const complete = text.endsWith('\n') ? text : text.slice(0, text.lastIndexOf('\n') + 1);
  return complete
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as LogEntry);
}

/** request_ids of the recommendations in a log. */
export function recommendationRequestIds(entries: LogEntry[]): string[] {
  return entries.flatMap((e) => (e.type === 'recommendation' ? [e.request_id] : []));
}
