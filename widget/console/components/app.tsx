/**
 * The console shell: signs in, refuses staff tokens, and shows each role only its views.
 * `connectWith` is injected so tests can sign in without a server.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Hello } from '../../../server/contract/index.ts';
import type { ConsoleApi, Connected, ConnectionState } from '../api.ts';
import { forgetToken, saveToken } from '../session.ts';
import { SignIn } from './sign-in.tsx';
import { AuditorViews } from './auditor-views.tsx';
import { ManagerViews } from './manager-views.tsx';

export const STAFF_REFUSED = 'This console is for managers and auditors. Staff use the chat widget at the front desk.';

export interface AppProps {
  connectWith: (token: string) => Promise<Connected>;
  /** A token from the URL or sessionStorage to try at once. */
  initialToken?: string | null;
}

type Session = { api: ConsoleApi; hello: Hello };

export function App({ connectWith, initialToken }: AppProps) {
  const [session, setSession] = useState<Session | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const signIn = async (token: string) => {
    setBusy(true);
    setError(null);
    const res = await connectWith(token);
    setBusy(false);
    if (!res.ok) {
      forgetToken();
      setError(res.message);
      return;
    }
    if (res.hello.principal.role === 'staff') {
      res.api.close();
      forgetToken();
      setError(STAFF_REFUSED);
      return;
    }
    saveToken(token);
    setSession({ api: res.api, hello: res.hello });
  };

  useEffect(() => {
    if (initialToken) void signIn(initialToken);
  }, []);

  const signOut = () => {
    session?.api.close();
    forgetToken();
    setSession(null);
  };

  if (!session) return <SignIn busy={busy} error={error} onSubmit={signIn} />;
  return <SignedIn session={session} onSignOut={signOut} />;
}

function ConnectionNote({ api }: { api: ConsoleApi }) {
  const [state, setState] = useState<ConnectionState>('up');
  useEffect(() => api.onConnection(setState), [api]);
  if (state === 'up') return null;
  return (
    <p role="status" class={state === 'refused' ? 'error' : 'note'}>
      {state === 'refused' ? 'Your token is no longer accepted (revoked?). Sign out and sign in again.' : 'Connection lost — reconnecting… (live updates resume when it is back)'}
    </p>
  );
}

function SignedIn({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const { principal } = session.hello;
  const where = useMemo(() => (principal.locations.includes('*') ? 'all locations' : principal.locations.join(', ')), [principal]);
  return (
    <div class="shell">
      <header class="topbar">
        <h1>makegood console</h1>
        <p class="who">
          {principal.name} · {principal.role} · {where}
        </p>
        <ConnectionNote api={session.api} />
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      {principal.role === 'auditor' ? <AuditorViews api={session.api} /> : <ManagerViews api={session.api} hello={session.hello} />}
    </div>
  );
}
