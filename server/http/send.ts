/**
 * Sending a body: gzip when the client accepts it and it pays, ETag so a reload
 * costs a 304, and a few safety headers on every response (nosniff, a CSP).
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { compressible } from './content-types.ts';
import { NOT_A_PAGE } from './csp.ts';

export interface SendOptions {
  type: string;
  status?: number;
  /** Cache-Control value; default "no-cache" (always revalidate with the ETag). */
  cache?: string;
  headers?: Record<string, string>;
}

const gzipCache = new Map<string, Buffer>();

export function send(req: IncomingMessage, res: ServerResponse, body: Buffer | string, opts: SendOptions): void {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const etag = `"${createHash('sha1').update(buf).digest('base64url')}"`;
  res.setHeader('Content-Type', opts.type);
  res.setHeader('Cache-Control', opts.cache ?? 'no-cache');
  res.setHeader('ETag', etag);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // Pages pass their own policy in opts.headers; everything else loads nothing and is not framed.
  res.setHeader('Content-Security-Policy', NOT_A_PAGE);
  res.setHeader('Vary', 'Accept-Encoding');
  for (const [k, v] of Object.entries(opts.headers ?? {})) res.setHeader(k, v);
  const status = opts.status ?? 200;
  if (status === 200 && req.headers['if-none-match'] === etag) {
    res.statusCode = 304;
    res.end();
    return;
  }
  let out = buf;
  if (buf.length > 512 && compressible(opts.type) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    let gz = gzipCache.get(etag);
    if (!gz) {
      gz = gzipSync(buf);
      if (gzipCache.size > 64) gzipCache.clear();
      gzipCache.set(etag, gz);
    }
    out = gz;
    res.setHeader('Content-Encoding', 'gzip');
  }
  res.statusCode = status;
  res.setHeader('Content-Length', out.length);
  res.end(req.method === 'HEAD' ? undefined : out);
}

export function sendText(req: IncomingMessage, res: ServerResponse, status: number, text: string): void {
  send(req, res, text + '\n', { type: 'text/plain; charset=utf-8', status, cache: 'no-store' });
}
