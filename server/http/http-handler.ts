/**
 * Plain HTTP on the same server as socket.io (which takes /socket.io/ first):
 * the demo front desk at /, the console at /console, bundles from dist/public,
 * and /healthz. GET and HEAD only; nothing outside dist/public is reachable, by path or by a
 * symlink inside it that points out. Pages carry a Content-Security-Policy (csp.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { constants } from 'node:fs';
import { open, readFile, realpath } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { contentType } from './content-types.ts';
import { pagePolicy } from './csp.ts';
import { demoPage, noDemoTokenPage, notBuiltPage } from './pages.ts';
import { send, sendText } from './send.ts';
import { consoleLogger, type Logger } from '../app/logger.ts';

export interface HttpDeps {
  /** Repository/package root: widget/demo.html, widget/console/index.html and dist/public live under it. */
  rootDir: string;
  /** The demo staff token, or null when this server has none. */
  demoStaffToken: () => string | null;
  health: () => Record<string, unknown>;
  logger?: Logger;
}

const PAGE_HEADERS = { 'Referrer-Policy': 'no-referrer', 'X-Frame-Options': 'SAMEORIGIN' };

async function readOptional(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch {
    return null;
  }
}

export function createHttpHandler(deps: HttpDeps) {
  const publicDir = resolve(deps.rootDir, 'dist/public');

  /**
   * A regular file whose real path (every symlink resolved) is inside the real public directory,
   * or null. A link to another file inside it is fine; one that leads out is not found. The file
   * is opened without following a symlink swapped in after the check.
   */
  async function readInside(file: string): Promise<Buffer | null> {
    const [realDir, real] = await Promise.all([realpath(publicDir).catch(() => null), realpath(file).catch(() => null)]);
    if (!realDir || !real || !real.startsWith(realDir + sep)) return null;
    const fh = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW).catch(() => null);
    if (!fh) return null;
    try {
      return (await fh.stat()).isFile() ? await fh.readFile() : null;
    } finally {
      await fh.close();
    }
  }

  async function page(req: IncomingMessage, res: ServerResponse, html: string) {
    // Pages may carry a token: never cache them, never leak them in a Referer.
    send(req, res, html, { type: 'text/html; charset=utf-8', cache: 'no-store', headers: { ...PAGE_HEADERS, 'Content-Security-Policy': pagePolicy(html) } });
  }

  async function publicFile(req: IncomingMessage, res: ServerResponse, pathname: string) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return sendText(req, res, 400, 'bad request: malformed path');
    }
    if (decoded.includes('\0') || decoded.split(/[\\/]/).some((seg) => seg === '..')) return sendText(req, res, 404, 'not found');
    const file = resolve(publicDir, '.' + decoded);
    if (!file.startsWith(publicDir + sep)) return sendText(req, res, 404, 'not found');
    const body = await readInside(file);
    if (!body) return sendText(req, res, 404, 'not found');
    // Embeds use unversioned URLs (/widget.js): cache briefly, revalidate by ETag.
    send(req, res, body, { type: contentType(file), cache: 'public, max-age=300', headers: { 'Access-Control-Allow-Origin': '*' } });
  }

  async function route(req: IncomingMessage, res: ServerResponse) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendText(req, res, 405, 'method not allowed');
    }
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (pathname === '/' || pathname === '/index.html') {
      const token = deps.demoStaffToken();
      if (!token) return page(req, res, noDemoTokenPage());
      const template = await readOptional(join(deps.rootDir, 'widget/demo.html'));
      return page(req, res, template ? demoPage(template.toString('utf8'), token) : notBuiltPage('The demo page'));
    }
    if (pathname === '/console' || pathname === '/console/') {
      const html = await readOptional(join(deps.rootDir, 'widget/console/index.html'));
      return page(req, res, html ? html.toString('utf8') : notBuiltPage('The console'));
    }
    if (pathname === '/healthz') {
      return send(req, res, JSON.stringify(deps.health()), { type: 'application/json; charset=utf-8', cache: 'no-store' });
    }
    return publicFile(req, res, pathname);
  }

  return (req: IncomingMessage, res: ServerResponse) => {
    route(req, res).catch((err: unknown) => {
      (deps.logger ?? consoleLogger).error(`http: internal error on ${req.method} (path not logged: it may carry a token)`, err);
      if (!res.headersSent) sendText(req, res, 500, 'internal error');
      else res.destroy();
    });
  };
}
