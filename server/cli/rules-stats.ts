/**
 * `makegood rules stats`: which rules work — the console's effectiveness view in the terminal.
 * Reads the recovery log read-only, so it is safe next to a running server.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MakegoodError } from '../contract/errors.ts';
import { LOG_FILE, openJsonlStore } from '../log/jsonl-store.ts';
import { settle } from '../stats/settle.ts';
import { effectiveness } from '../stats/effectiveness.ts';
import { effectivenessText } from '../stats/effectiveness-table.ts';
import { EXIT, type Command } from './command.ts';
import { parseFlags, usageError } from './rules-args.ts';

const CMD = 'makegood rules stats';
const usage = `Usage: ${CMD} [--data DIR] [--days 7|30] [--json]

Per rule and per gesture over the last N days: times offered, accepted, declined,
acceptance rate (accepted / (accepted + declined)), customer reactions and the
average value given. The same numbers as the console's Effectiveness view.

  --data DIR    data directory holding ${LOG_FILE} (default: $DATA_DIR or ./data)
  --days N      7 or 30 (default 7); any whole number of days from 1 to 366 works
  --json        print JSON ({ days, by_rule, by_gesture }) instead of tables

Exit codes: 0 printed, 1 the log could not be read, 2 bad usage.`;

export const statsSubcommand: Command = {
  name: 'stats',
  summary: 'which rules work: offered, acceptance, reactions, value per rule and gesture',
  async run(argv) {
    const p = parseFlags(CMD, usage, argv, { data: { type: 'string' }, days: { type: 'string' }, json: { type: 'boolean' } });
    if (!p.ok) return p.code;
    if (p.positionals.length) return usageError(CMD, `unexpected argument "${p.positionals[0]}"`, usage);
    const rawDays = typeof p.values['days'] === 'string' ? p.values['days'] : '7';
    const days = Number(rawDays);
    if (!/^\d+$/.test(rawDays.trim()) || days < 1 || days > 366) return usageError(CMD, `--days must be a whole number of days from 1 to 366 (e.g. 7 or 30), got "${rawDays}"`, usage);
    const dir = resolve(typeof p.values['data'] === 'string' ? p.values['data'] : (process.env['DATA_DIR'] ?? './data'));
    if (!existsSync(join(dir, LOG_FILE))) {
      console.error(`${CMD}: no recovery log at ${join(dir, LOG_FILE)} (use --data DIR or DATA_DIR)`);
      return EXIT.failed;
    }
    let store;
    try {
      store = await openJsonlStore(dir, { readOnly: true });
    } catch (err) {
      console.error(`${CMD}: ${err instanceof MakegoodError || err instanceof Error ? err.message : String(err)}`);
      return EXIT.failed;
    }
    try {
      const index = settle(store.all());
      const result = effectiveness(index.values(), days, new Date());
      if (p.values['json']) console.log(JSON.stringify(result, null, 2));
      else console.log(effectivenessText(result, store.head().count));
      return EXIT.ok;
    } finally {
      await store.close();
    }
  },
};
