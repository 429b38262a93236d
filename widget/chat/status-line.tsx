/** @jsxRuntime classic */
/** @jsx h */
/** Always-visible connection status; a role=status region, so changes are announced politely. */
import { h } from 'preact';
import type { WireError } from '../../server/contract/index.ts';
import { fmt, type Messages } from './messages.ts';
import type { Status } from './store.ts';

export function errorText(t: Messages, e: WireError): string {
  return fmt(t.errors[e.code] ?? t.errors.internal, e.message);
}

export function StatusLine({ t, status, refused }: { t: Messages; status: Status; refused?: WireError | undefined }) {
  return (
    <p role="status" class={`st ${status}`}>
      {refused ? errorText(t, refused) : t.status[status]}
    </p>
  );
}
