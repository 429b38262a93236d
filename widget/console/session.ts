/**
 * Where the token lives between reloads: sessionStorage (gone when the tab closes).
 * A token can arrive in the URL (?token=…) from the server's start-up banner; we take it and
 * strip it from the address bar so it is not left in history or shared by copy-paste.
 */
const KEY = 'makegood.console.token';

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null; // blocked storage (privacy mode, sandboxed frame): sign in each time
  }
}

export function savedToken(): string | null {
  try {
    return storage()?.getItem(KEY) ?? null;
  } catch {
    return null;
  }
}

export function saveToken(token: string): void {
  try {
    storage()?.setItem(KEY, token);
  } catch {
    /* full or blocked storage: the session still works until reload */
  }
}

export function forgetToken(): void {
  try {
    storage()?.removeItem(KEY);
  } catch {
    /* nothing to forget */
  }
}

/** Reads ?token= and removes it from the address bar. */
export function takeTokenFromUrl(): string | null {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (token === null) return null;
  url.searchParams.delete('token');
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
  return token.trim() || null;
}
