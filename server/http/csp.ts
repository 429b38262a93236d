/**
 * Content-Security-Policy for our own pages (the demo front desk, the console, the fallbacks).
 * Scripts: our bundles ('self') and the page's own inline scripts by their SHA-256 hash, worked
 * out from the HTML being sent, so editing widget/demo.html needs no policy change and nothing
 * injected into a page can run. Inline event-handler attributes (onclick="…") are not allowed:
 * pages attach listeners from a <script>. Styles may be inline: the pages carry a <style> block and the
 * widget styles its Shadow DOM host and panel itself. Sockets go to this server only ('self'
 * covers ws: and wss: on the same host in CSP 3).
 *
 * This is not the host pages' policy: the widget is a script tag on other sites, and the
 * headers we send with /widget.js do not bind them. Everything that is not a page (bundles,
 * /healthz, errors) gets NOT_A_PAGE: it loads nothing and may not be framed.
 */
import { createHash } from 'node:crypto';

export const NOT_A_PAGE = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

// An inline script: a <script> tag without a src attribute, and its text as the browser hashes it.
const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script\s*>/gi;

/** The 'sha256-…' sources for every inline script in the page, in order, without repeats. */
export function inlineScriptHashes(html: string): string[] {
  const out = new Set<string>();
  for (const m of html.matchAll(INLINE_SCRIPT)) out.add(`'sha256-${createHash('sha256').update(m[1] ?? '', 'utf8').digest('base64')}'`);
  return [...out];
}

/** The policy for one of our HTML pages, given the HTML exactly as it is sent. */
export function pagePolicy(html: string): string {
  return [
    "default-src 'none'",
    `script-src 'self' ${inlineScriptHashes(html).join(' ')}`.trimEnd(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}
