/**
 * `makegood serve`: reads settings (flags, then environment), starts the server,
 * prints where it listens, the rules version, the log head and the demo tokens,
 * and shuts down cleanly on SIGINT/SIGTERM (the log store is closed last).
 */
import { parseArgs } from 'node:util';
import { relative } from 'node:path';
import type { Command } from './command.ts';
import { EXIT } from './command.ts';
import { DEFAULTS, readConfig, SETTINGS, type SettingFlag } from '../config.ts';
import { startServer, StartError, type RunningServer } from '../app/start-server.ts';
import { formatProblem } from '../rules/index.ts';
import { demoTokensFile } from '../auth/demo-tokens.ts';

const help = `Usage: makegood serve [options]

Starts the recovery server: socket.io for the widget and console, the demo page at /,
the console at /console, the bundles from dist/public.

Options (each also settable by the environment variable shown):
  --port N               PORT             port to listen on (default ${DEFAULTS.port}; 0 picks a free one)
  --host H               HOST             address to bind (default ${DEFAULTS.host}); anything but loopback
                                          needs real tokens (makegood token add) and no demo tokens
  --data DIR             DATA_DIR         data directory: recovery log, tokens (default ${DEFAULTS.dataDir})
  --rules FILE           RULES_FILE       rules file, hot-reloaded on save (default ${DEFAULTS.rulesFile})
  --allowed-origins LIST ALLOWED_ORIGINS  comma-separated browser origins allowed to connect
                                          (default: the server's own, http://HOST:PORT and http://localhost:PORT)
  --webhook URL          WEBHOOK_URL      where strike-team alerts are POSTed (optional)
  --rate-limit B/S       RATE_LIMIT       per-token limit: burst B, then S events per second (default 60/5; "off")
  --checkpoint-every N   CHECKPOINT_EVERY   a signed checkpoint every N entries (default 1000; 0 = off)
  --checkpoint-minutes M CHECKPOINT_MINUTES and every M minutes when the log grew (default 60; 0 = off)
  --witness-dir DIR      WITNESS_DIR      also write each checkpoint there (a disk or share the server cannot rewrite)
  --witness-url URL      WITNESS_URL      also POST each checkpoint there (JSON; 3 s timeout, failures logged)
  -h, --help                              this help

Stop with Ctrl-C (SIGINT) or SIGTERM.`;

/** Relative to the working directory when that is shorter and stays inside it. */
const shortPath = (p: string) => {
  const rel = relative(process.cwd(), p);
  return rel && !rel.startsWith('..') ? rel : p;
};

function describe(s: RunningServer, dataDir: string): string[] {
  const lines = [`makegood listening on ${s.url}`];
  const status = s.app.ctx.rulesStatus();
  lines.push(`rules: ${status.file} version ${status.version}`);
  for (const w of s.rulesWarnings) lines.push(`  warning: ${formatProblem(w)}`);
  const head = s.store.head();
  lines.push(`log: ${head.count} entries, head ${head.hash.slice(0, 16)}…`);
  if (s.storeReport?.cut) lines.push(`  repaired: cut a torn last line (line ${s.storeReport.cut.line}, ${s.storeReport.cut.bytes} bytes) left by a crash`);
  for (const w of s.storeReport?.warnings ?? []) lines.push(`  warning: ${w}`);
  if (s.demo) {
    lines.push(
      `demo tokens (loopback only; kept in ${shortPath(demoTokensFile(dataDir))}):`,
      `  front desk demo:    ${s.url}/`,
      `  console (manager):  ${s.url}/console?token=${s.demo.manager}`,
      `  console (auditor):  ${s.url}/console?token=${s.demo.auditor}`,
      `  staff token:        ${s.demo.staff}`,
    );
  }
  return lines;
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'start the recovery server (widget, console, log)',
  async run(argv) {
    let values: Record<string, string | boolean | undefined>;
    try {
      ({ values } = parseArgs({
        args: argv,
        strict: true,
        allowPositionals: false,
        options: {
          ...Object.fromEntries(Object.keys(SETTINGS).map((k) => [k, { type: 'string' as const }])),
          help: { type: 'boolean', short: 'h' },
        },
      }));
    } catch (err) {
      console.error(`makegood serve: ${(err as Error).message}\n\n${help}`);
      return EXIT.usage;
    }
    if (values.help) {
      console.log(help);
      return EXIT.ok;
    }
    const flags: Partial<Record<SettingFlag, string>> = {};
    for (const k of Object.keys(SETTINGS) as SettingFlag[]) if (typeof values[k] === 'string') flags[k] = values[k];
    const read = readConfig(flags, process.env);
    if (!read.ok) {
      console.error(`makegood serve: invalid settings:\n  ${read.problems.join('\n  ')}`);
      return EXIT.usage;
    }

    let server: RunningServer;
    try {
      server = await startServer(read.config);
    } catch (err) {
      if (err instanceof StartError) {
        console.error(`makegood serve: ${err.message}`);
        return EXIT.failed;
      }
      throw err;
    }
    // Handlers first: a supervisor may send SIGTERM the moment it reads the banner.
    const stopped = new Promise<number>((resolve) => {
      const stop = (signal: string) => {
        console.log(`makegood: ${signal}, shutting down`);
        server.close().then(
          () => resolve(EXIT.ok),
          (err: unknown) => {
            console.error('makegood: shutdown failed', err);
            resolve(EXIT.failed);
          },
        );
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
    console.log(describe(server, read.config.dataDir).join('\n'));
    return stopped;
  },
};
