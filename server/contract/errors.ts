/**
 * The one list of error codes that may travel on the wire. Every ack that fails
 * carries one of these; anything unexpected becomes `internal` (and is logged
 * server-side with detail, never sent to the client).
 */
export const ERROR_CODES = [
  'invalid_payload', // the payload failed validation; message says which field and why
  'unauthorized', // no token, unknown token or revoked token
  'forbidden', // the token's role may not use this event
  'not_found', // the entry, alert or approval named does not exist
  'conflict', // the thing was already decided / closed
  'rate_limited', // too many requests for this token; retry later
  'unavailable', // the log could not be written (disk full, read-only); nothing was saved
  'internal', // a bug on our side; details are in the server log
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface WireError {
  code: ErrorCode;
  message: string;
  /** Optional machine-readable detail, e.g. the path of an invalid field. */
  path?: string;
}

export type Ack<T> = { ok: true; data: T } | { ok: false; error: WireError };

export type AckFn<T> = (response: Ack<T>) => void;

export const ok = <T>(data: T): Ack<T> => ({ ok: true, data });

export const fail = (code: ErrorCode, message: string, path?: string): Ack<never> =>
  path === undefined ? { ok: false, error: { code, message } } : { ok: false, error: { code, message, path } };

/** A typed error with a code, thrown inside the server and turned into a WireError at the edge. */
export class MakegoodError extends Error {
  override readonly name = 'MakegoodError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly path?: string,
  ) {
    super(message);
  }
}
