/** The token form. Presentational: the parent does the connecting. */
import { useState } from 'preact/hooks';

export interface SignInProps {
  busy: boolean;
  error: string | null;
  onSubmit: (token: string) => void;
}

export function SignIn({ busy, error, onSubmit }: SignInProps) {
  const [token, setToken] = useState('');
  return (
    <main class="signin">
      <h1>makegood console</h1>
      <p>For managers and auditors. Sign in with the token you were given.</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (token.trim()) onSubmit(token.trim());
        }}
      >
        <label for="token">Token</label>
        <input id="token" name="token" type="password" autocomplete="off" required value={token} onInput={(e) => setToken(e.currentTarget.value)} />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </main>
  );
}
