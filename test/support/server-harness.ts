/**
 * Starts the real makegood server (startServer, as `makegood serve` does) on port 0
 * with a temp data dir, and connects real socket.io clients. Shared by every
 * integration test: keep the surface stable.
 *
 *   const srv = await startTestServer();
 *   const staff = await srv.connect(srv.tokens.staff);
 *   const ack = await emitAck(staff, 'recovery:recommend', { requestId: 'r1', description: '…' });
 *   await srv.close();
 */
import type { CheckpointSettings } from '../../server/config.ts';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as ioClient, type Socket, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import type { Ack } from '../../server/contract/errors.ts';
import type { ClientEvent, ClientToServerEvents, Hello, ServerToClientEvents } from '../../server/contract/events.ts';
import type { Role } from '../../server/contract/roles.ts';
import type { Result } from '../../server/app/feature.ts';
import type { FeatureFactory } from '../../server/app/feature.ts';
import type { AppSettings } from '../../server/app/context.ts';
import type { RateLimit } from '../../server/app/rate-limit.ts';
import { memoryLogger } from '../../server/app/logger.ts';
import { startServer, type RunningServer, type StartOptions } from '../../server/app/start-server.ts';
import { appRoot } from '../../server/app/app-root.ts';
import type { RecoveryLogStore } from '../../server/log/store.ts';
import type { JsonlStoreOptions } from '../../server/log/jsonl-store.ts';
import { LOG_FILE } from '../../server/log/jsonl-store.ts';
import type { LogEntry } from '../../server/contract/log-entry.ts';

/**
 * A small rules file for tests that need known answers: "…never ordered…" → parts-not-ordered
 * → loaner (90, over the approval line) with coffee and discount as alternatives;
 * "cold food" → cold-food → discount (no approval); anything else → the coffee fallback.
 */
export const SMALL_RULES = `currency: USD
language: en
approval_above: 25
gestures:
  coffee:
    label: Coffee on us
    value: 8
    kind: attention
    say: Could I get you a coffee while we sort this out?
  loaner:
    label: Free loaner car
    value: 90
    kind: redo
    say: We will give you a loaner car at no charge.
  discount:
    label: 10 dollars off
    value: 10
    kind: money
rules:
  - id: parts-not-ordered
    when:
      mentions: [never ordered, not ordered, parts]
    offer: [loaner, coffee, discount]
    say: I am sorry, the parts for your repair were not ordered.
  - id: cold-food
    when:
      mentions: [cold food, soup cold]
    offer: [discount, coffee]
    say: I am sorry your food was cold.
fallback:
  offer: [coffee]
  say: I am sorry about that.
`;

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type TestSocket = ClientSocket & { hello: Hello };

export interface TestServerOptions {
  /** Rules file text; default: a copy of rules/gestures.yaml. */
  rulesText?: string;
  /** Reuse a data dir (e.g. to restart on the same log). Default: a fresh temp dir. */
  dataDir?: string;
  /** Default: the server's default limit. `false` turns it off. */
  rateLimit?: RateLimit | false;
  settings?: AppSettings;
  /** Default: the server's own origins. */
  allowedOrigins?: string[];
  storeOptions?: JsonlStoreOptions;
  wrapStore?: (store: RecoveryLogStore) => RecoveryLogStore;
  features?: FeatureFactory[];
  /** Rules watcher timing; tests default to a fast debounce. */
  watch?: StartOptions['watch'];
  /** Signed checkpoints (every N entries / M minutes, witness); default: the server's. */
  checkpoints?: CheckpointSettings;
}

/** Tokens made for every test server (secrets), and their ids. */
export interface TestTokens {
  /** Staff at des-moines. */
  staff: string;
  /** Staff at san-jose. */
  staffSanJose: string;
  /** Manager overseeing every location ('*'). */
  manager: string;
  /** Manager overseeing des-moines only. */
  managerDesMoines: string;
  /** Manager overseeing san-jose only. */
  managerSanJose: string;
  auditor: string;
  /** A staff token that has been revoked. */
  revoked: string;
}

export interface TestServer {
  url: string;
  port: number;
  dataDir: string;
  rulesFile: string;
  /** The JSONL log file on disk. */
  logFile: string;
  tokens: TestTokens;
  tokenIds: Record<keyof TestTokens, string>;
  running: RunningServer;
  /** What the server logged (warnings, errors). */
  logLines: string[];
  connect(token: string | undefined, opts?: Partial<ManagerOptions & SocketOptions>): Promise<TestSocket>;
  addToken(role: Role, name: string, locations: string[]): Promise<{ id: string; secret: string }>;
  /** Entries as written on disk, parsed line by line. */
  readLog(): Promise<LogEntry[]>;
  close(): Promise<void>;
}

const TEST_TOKENS: Record<keyof TestTokens, { role: Role; name: string; locations: string[] }> = {
  staff: { role: 'staff', name: 'Ana', locations: ['des-moines'] },
  staffSanJose: { role: 'staff', name: 'Bo', locations: ['san-jose'] },
  manager: { role: 'manager', name: 'Mia', locations: ['*'] },
  managerDesMoines: { role: 'manager', name: 'Dee', locations: ['des-moines'] },
  managerSanJose: { role: 'manager', name: 'Sam', locations: ['san-jose'] },
  auditor: { role: 'auditor', name: 'Audrey', locations: ['*'] },
  revoked: { role: 'staff', name: 'Gone', locations: ['des-moines'] },
};

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'makegood-test-')));
  const rulesFile = join(dataDir, 'gestures.yaml');
  if (opts.rulesText !== undefined || !opts.dataDir) {
    await writeFile(rulesFile, opts.rulesText ?? (await readFile(join(appRoot(), 'rules/gestures.yaml'), 'utf8')));
    // The shipped rules name example files relative to themselves (examples: [examples/cases.jsonl]).
    if (opts.rulesText === undefined) await cp(join(appRoot(), 'rules/examples'), join(dataDir, 'examples'), { recursive: true });
  }
  const logger = memoryLogger();
  const start: StartOptions = { logger, watch: opts.watch ?? { debounceMs: 30, pollMs: 200, missingGraceMs: 300 } };
  if (opts.storeOptions) start.storeOptions = opts.storeOptions;
  if (opts.wrapStore) start.wrapStore = opts.wrapStore;
  if (opts.features) start.features = opts.features;
  const running = await startServer(
    {
      port: 0,
      host: '127.0.0.1',
      dataDir,
      rulesFile,
      allowedOrigins: opts.allowedOrigins ?? null,
      rateLimit: opts.rateLimit === undefined ? { burst: 60, perSecond: 5 } : opts.rateLimit,
      ...(opts.settings?.webhookUrl ? { webhookUrl: opts.settings.webhookUrl } : {}),
      ...(opts.checkpoints ? { checkpoints: opts.checkpoints } : {}),
    },
    start,
  );

  const tokens = {} as TestTokens;
  const tokenIds = {} as Record<keyof TestTokens, string>;
  for (const [key, t] of Object.entries(TEST_TOKENS) as [keyof TestTokens, (typeof TEST_TOKENS)[keyof TestTokens]][]) {
    const made = await running.tokens.add(t);
    tokens[key] = made.secret;
    tokenIds[key] = made.record.id;
  }
  await running.tokens.revoke(tokenIds.revoked);

  const sockets = new Set<ClientSocket>();
  const url = running.url;

  return {
    url,
    port: running.port,
    dataDir,
    rulesFile,
    logFile: join(dataDir, LOG_FILE),
    tokens,
    tokenIds,
    running,
    logLines: logger.lines,
    connect(token, connectOpts = {}) {
      const socket = ioClient(url, {
        auth: token === undefined ? {} : { token },
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        ...connectOpts,
      }) as ClientSocket;
      sockets.add(socket);
      return new Promise<TestSocket>((resolve, reject) => {
        // Resolve on session:hello (sent right after connect), so no test misses it.
        socket.once('session:hello', (hello) => resolve(Object.assign(socket, { hello })));
        socket.once('connect_error', (err) => {
          socket.close();
          reject(err);
        });
      });
    },
    async addToken(role, name, locations) {
      const made = await running.tokens.add({ role, name, locations });
      return { id: made.record.id, secret: made.secret };
    },
    async readLog() {
      const text = await readFile(join(dataDir, LOG_FILE), 'utf8').catch(() => '');
      return text
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as LogEntry);
    },
    async close() {
      for (const s of sockets) s.close();
      await running.close();
    },
  };
}

/** Emits an event with an ack and resolves with the ack (rejects if none arrives in time). */
export function emitAck<E extends ClientEvent>(socket: ClientSocket, event: E, payload: unknown, timeoutMs = 5000): Promise<Ack<Result<E>>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ack for ${event} within ${timeoutMs} ms`)), timeoutMs);
    (socket as unknown as { emit(e: string, p: unknown, ack: (a: Ack<Result<E>>) => void): void }).emit(event, payload, (ack) => {
      clearTimeout(timer);
      resolve(ack);
    });
  });
}

/** Resolves with the next payload of a server event (rejects if none arrives in time). */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: E,
  timeoutMs = 5000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      clearTimeout(timer);
      resolve(payload);
    };
    const timer = setTimeout(() => {
      (socket as unknown as { off(e: string, l: unknown): void }).off(event, listener);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    (socket as unknown as { once(e: string, l: unknown): void }).once(event, listener);
  });
}

/** Collects every payload of a server event from now on. */
export function collect<E extends keyof ServerToClientEvents>(socket: ClientSocket, event: E): Parameters<ServerToClientEvents[E]>[0][] {
  const seen: Parameters<ServerToClientEvents[E]>[0][] = [];
  (socket as unknown as { on(e: string, l: unknown): void }).on(event, (p: Parameters<ServerToClientEvents[E]>[0]) => seen.push(p));
  return seen;
}
