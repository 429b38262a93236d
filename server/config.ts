/**
 * Server settings from flags and environment (flags win), validated with errors
 * that name the setting. The only place that reads process.env for the server;
 * everything below gets a ServerConfig.
 */
import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { RateLimit } from './app/rate-limit.ts';
import { DEFAULT_RATE_LIMIT } from './app/rate-limit.ts';

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  rulesFile: string;
  /** Browser origins allowed to connect; null = the server's own origins (http://HOST:PORT, http://localhost:PORT). */
  allowedOrigins: string[] | null;
  webhookUrl?: string;
  rateLimit: RateLimit | false;
  /** Signed checkpoints: one every N entries and every M minutes (when the log grew); where else to send them. */
  checkpoints?: CheckpointSettings;
}

export interface CheckpointSettings {
  every: number;
  minutes: number;
  witnessDir?: string;
  witnessUrl?: string;
}

/** Flag name → environment variable, in the order the README lists them. */
export const SETTINGS = {
  port: 'PORT',
  host: 'HOST',
  data: 'DATA_DIR',
  rules: 'RULES_FILE',
  'allowed-origins': 'ALLOWED_ORIGINS',
  webhook: 'WEBHOOK_URL',
  'rate-limit': 'RATE_LIMIT',
  'checkpoint-every': 'CHECKPOINT_EVERY',
  'checkpoint-minutes': 'CHECKPOINT_MINUTES',
  'witness-dir': 'WITNESS_DIR',
  'witness-url': 'WITNESS_URL',
} as const;
export type SettingFlag = keyof typeof SETTINGS;

/**
 * The shipped corpus (corpus/ at the repository root). This module sits one level
 * below the root both as source (server/config.ts) and bundled (dist/makegood.js),
 * so `npm start`, the CLI and the tests all find it; CORPUS_DIR overrides it.
 */
export const DEFAULT_CORPUS_DIR = fileURLToPath(new URL('../corpus/', import.meta.url));

/** The corpus directory to learn from: $CORPUS_DIR, else the shipped one. */
export function corpusDir(env: Record<string, string | undefined> = process.env): string {
  return env.CORPUS_DIR && env.CORPUS_DIR !== '' ? env.CORPUS_DIR : DEFAULT_CORPUS_DIR;
}

/** A signed checkpoint every 1,000 entries and every 60 minutes when the log grew. */
export const DEFAULT_CHECKPOINTS = { every: 1000, minutes: 60 } as const;

export const DEFAULTS = { port: 3000, host: '127.0.0.1', dataDir: './data', rulesFile: 'rules/gestures.yaml' } as const;

export type ConfigResult = { ok: true; config: ServerConfig } | { ok: false; problems: string[] };

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** "http://127.0.0.1:3000" — IPv6 hosts get brackets; port 80 is left out, as browsers do in Origin. */
export function originOf(host: string, port: number): string {
  return `http://${isIP(host) === 6 ? `[${host}]` : host}${port === 80 ? '' : `:${port}`}`;
}

/** The origins a browser on this server's own pages sends. */
export function ownOrigins(host: string, port: number): string[] {
  const list = [originOf(host, port)];
  if (isLoopback(host)) list.push(originOf('localhost', port), originOf('127.0.0.1', port));
  return [...new Set(list)];
}

export function readConfig(flags: Partial<Record<SettingFlag, string>>, env: Record<string, string | undefined> = process.env): ConfigResult {
  const problems: string[] = [];
  const pick = (flag: SettingFlag): { value: string; from: string } | undefined => {
    const f = flags[flag];
    if (f !== undefined) return { value: f, from: `--${flag}` };
    const e = env[SETTINGS[flag]];
    return e !== undefined && e !== '' ? { value: e, from: SETTINGS[flag] } : undefined;
  };

  let port: number = DEFAULTS.port;
  const p = pick('port');
  if (p) {
    if (!/^\d{1,5}$/.test(p.value.trim()) || Number(p.value) > 65535) problems.push(`${p.from}: "${p.value}" is not a port (0–65535; 0 picks a free one)`);
    else port = Number(p.value);
  }

  let host: string = DEFAULTS.host;
  const h = pick('host');
  if (h) {
    const v = h.value.trim();
    if (!isIP(v.replace(/^\[|\]$/g, '')) && !HOSTNAME.test(v)) problems.push(`${h.from}: "${h.value}" is not a host name or IP address`);
    else host = v.replace(/^\[|\]$/g, '');
  }

  const dataDir = pick('data')?.value ?? DEFAULTS.dataDir;
  const rulesFile = pick('rules')?.value ?? DEFAULTS.rulesFile;

  let allowedOrigins: string[] | null = null;
  const o = pick('allowed-origins');
  if (o) {
    allowedOrigins = [];
    for (const raw of o.value.split(',').map((s) => s.trim()).filter(Boolean)) {
      let url: URL | null = null;
      try {
        url = new URL(raw);
      } catch {
        /* reported below */
      }
      if (!url || !/^https?:$/.test(url.protocol) || url.pathname !== '/' || url.search || raw.endsWith('/')) {
        problems.push(`${o.from}: "${raw}" is not an origin like https://desk.example.com or http://127.0.0.1:3000 (scheme, host and port only)`);
      } else allowedOrigins.push(url.origin);
    }
    if (allowedOrigins.length === 0 && !problems.some((x) => x.startsWith(o.from))) problems.push(`${o.from}: list at least one origin`);
  }

  let webhookUrl: string | undefined;
  const w = pick('webhook');
  if (w) {
    try {
      const url = new URL(w.value);
      if (!/^https?:$/.test(url.protocol)) throw new Error('scheme');
      webhookUrl = url.href;
    } catch {
      problems.push(`${w.from}: "${w.value}" is not an http(s) URL`);
    }
  }

  let rateLimit: RateLimit | false = DEFAULT_RATE_LIMIT;
  const r = pick('rate-limit');
  if (r) {
    const m = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(r.value.trim());
    if (r.value.trim() === 'off') rateLimit = false;
    else if (!m || Number(m[1]) < 1 || Number(m[2]) <= 0) problems.push(`${r.from}: "${r.value}" should be BURST/PER_SECOND, e.g. 60/5, or "off"`);
    else rateLimit = { burst: Number(m[1]), perSecond: Number(m[2]) };
  }

  const checkpoints: CheckpointSettings = { ...DEFAULT_CHECKPOINTS };
  for (const [flag, field, max] of [['checkpoint-every', 'every', 10_000_000], ['checkpoint-minutes', 'minutes', 10_080]] as const) {
    const c = pick(flag);
    if (!c) continue;
    const v = c.value.trim();
    if (!/^\d+$/.test(v) || Number(v) > max) problems.push(`${c.from}: "${c.value}" should be a whole number 0–${max} (0 turns it off)`);
    else checkpoints[field] = Number(v);
  }
  const wd = pick('witness-dir');
  if (wd) checkpoints.witnessDir = wd.value;
  const wu = pick('witness-url');
  if (wu) {
    try {
      const url = new URL(wu.value);
      if (!/^https?:$/.test(url.protocol)) throw new Error('scheme');
      checkpoints.witnessUrl = url.href;
    } catch {
      problems.push(`${wu.from}: "${wu.value}" is not an http(s) URL`);
    }
  }

  if (problems.length > 0) return { ok: false, problems };
  const config: ServerConfig = { port, host, dataDir, rulesFile, allowedOrigins, rateLimit, checkpoints };
  if (webhookUrl) config.webhookUrl = webhookUrl;
  return { ok: true, config };
}
