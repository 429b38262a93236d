/**
 * POSTs an alert as JSON to the webhook URL from the settings. Each try has a timeout; a failed
 * try (network error, timeout, non-2xx) is retried with a doubling backoff. The promise never
 * rejects: it resolves with what happened, and failures are reported to `log` so they show in
 * the server log. Callers fire and forget — recommendations never wait for it.
 */

export interface WebhookOptions {
  timeoutMs?: number;
  tries?: number;
  /** Delay before the second try; doubles each time. */
  backoffMs?: number;
  log?: (message: string) => void;
}

export type WebhookResult = { ok: true; status: number; tries: number } | { ok: false; tries: number; error: string };

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Only http(s) URLs; anything else is a settings mistake we report rather than try. */
export function checkWebhookUrl(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? null : `webhook URL must be http or https, got "${u.protocol}"`;
  } catch {
    return `webhook URL is not a URL: "${url}"`;
  }
}

function describe(err: unknown, timeoutMs: number): string {
  if (!(err instanceof Error)) return String(err);
  if (err.name === 'TimeoutError') return `timed out after ${timeoutMs} ms`;
  // fetch() says only "fetch failed"; the cause says why (ECONNREFUSED, ENOTFOUND…).
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? err.message;
}

export async function postWebhook(url: string, body: unknown, opts: WebhookOptions = {}): Promise<WebhookResult> {
  const { timeoutMs = 3000, tries = 3, backoffMs = 250, log = (m: string) => console.error(m) } = opts;
  const bad = checkWebhookUrl(url);
  if (bad) {
    log(`webhook: ${bad}`);
    return { ok: false, tries: 0, error: bad };
  }
  const payload = JSON.stringify(body);
  let error = '';
  for (let attempt = 1; attempt <= tries; attempt++) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'makegood-alerts' },
        body: payload,
        signal: AbortSignal.timeout(timeoutMs),
      });
      // Drain the body so the socket is released.
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return { ok: true, status: res.status, tries: attempt };
      error = `HTTP ${res.status}`;
    } catch (err) {
      error = describe(err, timeoutMs);
    }
    log(`webhook: try ${attempt}/${tries} to ${new URL(url).origin} failed: ${error}`);
    if (attempt < tries) await sleep(backoffMs * 2 ** (attempt - 1));
  }
  return { ok: false, tries, error };
}
