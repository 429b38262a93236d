/**
 * Starts the whole server from a ServerConfig: rules, tokens, log store, http +
 * socket.io. Used by `makegood serve` and by the test harness, so tests run
 * exactly what ships. Problems that stop a start are thrown as StartError with
 * readable lines; the caller prints them. The data directory is locked first
 * (log/data-lock.ts): a second server on it is refused at once, naming the first.
 */
import { mkdir } from 'node:fs/promises';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { OpenReport, RecoveryLogStore } from '../log/store.ts';
import { openJsonlStore, type JsonlStoreOptions } from '../log/jsonl-store.ts';
import { acquireDataLock, describeHolder, type DataLock } from '../log/data-lock.ts';
import { formatProblem, type WatchOptions } from '../rules/index.ts';
import type { RulesProblem } from '../rules/engine.ts';
import { openTokenStore, type TokenStore } from '../auth/token-store.ts';
import { activeDemoTokenIds, ensureDemoTokens, type DemoTokens } from '../auth/demo-tokens.ts';
import { createHttpHandler } from '../http/http-handler.ts';
import { DEFAULT_CHECKPOINTS, isLoopback, originOf, ownOrigins, type ServerConfig } from '../config.ts';
import { createApplication, type Application } from './app.ts';
import { appRoot } from './app-root.ts';
import type { FeatureFactory } from './feature.ts';
import { consoleLogger, type Logger } from './logger.ts';
import { openRulesFile } from './rules-file-source.ts';

export class StartError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

export interface StartOptions {
  logger?: Logger;
  /** Options for the log store (tests inject failing file operations). */
  storeOptions?: JsonlStoreOptions;
  /** Wraps the opened store (tests). */
  wrapStore?: (store: RecoveryLogStore) => RecoveryLogStore;
  watch?: WatchOptions | false;
  features?: FeatureFactory[];
  rootDir?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  host: string;
  config: ServerConfig;
  app: Application;
  store: RecoveryLogStore;
  storeReport: OpenReport | null;
  tokens: TokenStore;
  demo: DemoTokens | null;
  rulesWarnings: RulesProblem[];
  http: HttpServer;
  close(): Promise<void>;
}

export async function startServer(config: ServerConfig, opts: StartOptions = {}): Promise<RunningServer> {
  const log = opts.logger ?? consoleLogger;
  const dataDir = resolve(config.dataDir);
  await mkdir(dataDir, { recursive: true });

  const locked = acquireDataLock(dataDir, 'makegood serve');
  let lock: DataLock | null = null;
  if (locked.ok) {
    lock = locked.lock;
    if (locked.tookOver) log.warn(`took over the stale lock of ${describeHolder(locked.tookOver)} in ${dataDir}`);
  } else if (locked.code !== 'unwritable') {
    throw new StartError([`refusing to start: ${locked.message}`]);
  } else {
    // A read-only or full disk: the log cannot be written either until it recovers.
    log.warn(`${locked.message}; starting without the data directory lock`);
  }
  const unlock = () => lock?.release();

  const rules = await openRulesFile(config.rulesFile, opts.watch ?? {});
  if (!rules.ok) {
    unlock();
    throw new StartError([`rules file ${config.rulesFile} is not valid; fix it and start again:`, ...rules.problems.map((p) => '  ' + formatProblem(p))]);
  }

  const tokens = await openTokenStore(dataDir, { watch: true, onError: (err) => log.error(`cannot re-read ${join(dataDir, 'tokens.json')}; still using the tokens read before`, err) });
  let demo: DemoTokens | null = null;
  if (isLoopback(config.host)) {
    demo = await ensureDemoTokens(tokens, dataDir);
  } else {
    const demoIds = await activeDemoTokenIds(tokens);
    const problems: string[] = [];
    if (demoIds.length > 0) problems.push(`demo tokens are active (${demoIds.join(', ')}); revoke them with "makegood token revoke ID" before binding to ${config.host}`);
    if (!(await tokens.list()).some((t) => !t.revoked)) problems.push(`no tokens: add real ones with "makegood token add --data ${config.dataDir} ..." before binding to ${config.host}`);
    if (problems.length > 0) {
      rules.source.close();
      tokens.close();
      unlock();
      throw new StartError([`refusing to listen on ${config.host} (not loopback):`, ...problems.map((p) => '  ' + p)]);
    }
  }

  let store: RecoveryLogStore;
  let storeReport: OpenReport | null = null;
  try {
    const jsonl = await openJsonlStore(dataDir, opts.storeOptions);
    storeReport = jsonl.report;
    store = opts.wrapStore ? opts.wrapStore(jsonl) : jsonl;
  } catch (err) {
    rules.source.close();
    tokens.close();
    unlock();
    throw new StartError([`cannot open the recovery log in ${dataDir}; not serving:`, `  ${err instanceof Error ? err.message : String(err)}`]);
  }

  const started = new Date().toISOString();
  const http = createServer(
    createHttpHandler({
      rootDir: opts.rootDir ?? appRoot(),
      demoStaffToken: () => demo?.staff ?? null,
      logger: log,
      health: () => ({ ok: true, started, log: store.head(), rules: { version: rules.source.current().version, errors: rules.source.status().errors.length } }),
    }),
  );
  await new Promise<void>((done, fail) => {
    http.once('error', fail);
    http.listen(config.port, config.host, () => {
      http.off('error', fail);
      done();
    });
  }).catch(async (err: NodeJS.ErrnoException) => {
    rules.source.close();
    tokens.close();
    await store.close();
    unlock();
    throw new StartError([`cannot listen on ${config.host}:${config.port}: ${err.code === 'EADDRINUSE' ? 'the port is in use (try --port 0 or another port)' : err.message}`]);
  });
  const port = (http.address() as AddressInfo).port;

  const app = await createApplication(http, {
    store,
    rules: rules.source,
    tokens,
    allowedOrigins: config.allowedOrigins ?? ownOrigins(config.host, port),
    settings: { ...(config.webhookUrl ? { webhookUrl: config.webhookUrl } : {}), proofs: { dataDir, ...(config.checkpoints ?? DEFAULT_CHECKPOINTS) } },
    logger: log,
    rateLimit: config.rateLimit,
    ...(opts.features ? { features: opts.features } : {}),
  });

  let closing: Promise<void> | null = null;
  return {
    url: originOf(config.host, port),
    port,
    host: config.host,
    config,
    app,
    store,
    storeReport,
    tokens,
    demo,
    rulesWarnings: rules.warnings,
    http,
    close() {
      closing ??= (async () => {
        await rules.source.close();
        tokens.close();
        await app.close();
        try {
          await store.close();
        } finally {
          unlock();
        }
      })();
      return closing;
    },
  };
}
