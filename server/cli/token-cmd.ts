/**
 * `makegood token add|list|revoke`: manage who may connect. A token's secret is
 * printed once by `add`; only its hash is stored in <data>/tokens.json.
 */
import { parseArgs } from 'node:util';
import type { Command } from './command.ts';
import { EXIT } from './command.ts';
import { DEFAULTS } from '../config.ts';
import { openTokenStore, type TokenRecord } from '../auth/token-store.ts';
import { checkNewToken } from '../auth/token-rules.ts';
import type { Role } from '../contract/roles.ts';

const help = `Usage: makegood token <add|list|revoke> [options]

  makegood token add --role staff --name "Ana" --location des-moines
  makegood token add --role manager --name "Mia" --location des-moines --location san-jose
  makegood token add --role auditor --name "Audrey" --location '*'
  makegood token list [--json]
  makegood token revoke ID

Options:
  --role R         staff, manager or auditor
  --name TEXT      who holds it (shown in the log)
  --location L     staff: their one location; managers/auditors: each location they oversee
                   (repeat the flag or give a comma list), or "*" for all
  --data DIR       data directory (default DATA_DIR or ${DEFAULTS.dataDir})
  --json           list: machine-readable output (never includes secrets)
  -h, --help       this help

The secret is printed once by "add"; only its SHA-256 is stored. Revoking takes effect
on the running server at the token's next connection or event.`;

const row = (t: TokenRecord) =>
  [t.id, t.role.padEnd(7), t.name.padEnd(20), t.locations.join(',').padEnd(20), t.created.slice(0, 19) + 'Z', t.revoked ? `revoked ${t.revoked.slice(0, 19)}Z` : 'active', t.demo ? '(demo)' : ''].join('  ').trimEnd();

export const tokenCommand: Command = {
  name: 'token',
  summary: 'add, list or revoke access tokens',
  async run(argv) {
    let parsed: ReturnType<typeof parse>;
    function parse() {
      return parseArgs({
        args: argv,
        strict: true,
        allowPositionals: true,
        options: {
          role: { type: 'string' },
          name: { type: 'string' },
          location: { type: 'string', multiple: true },
          data: { type: 'string' },
          json: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
      });
    }
    try {
      parsed = parse();
    } catch (err) {
      console.error(`makegood token: ${(err as Error).message}\n\n${help}`);
      return EXIT.usage;
    }
    const { values, positionals } = parsed;
    const [sub, ...rest] = positionals;
    if (values.help || sub === 'help') {
      console.log(help);
      return EXIT.ok;
    }
    const usage = (msg: string) => {
      console.error(`makegood token: ${msg}\n\n${help}`);
      return EXIT.usage;
    };
    if (!sub) return usage('say add, list or revoke');
    if (!['add', 'list', 'revoke'].includes(sub)) return usage(`unknown subcommand "${sub}"`);
    if (sub !== 'revoke' && rest.length > 0) return usage(`unexpected argument "${rest[0]}"`);
    if (sub !== 'add' && (values.role || values.name || values.location)) return usage(`--role, --name and --location are for "add"`);
    if (sub !== 'list' && values.json) return usage('--json is for "list"');
    if (values.data !== undefined && values.data.trim() === '') return usage('--data needs a directory');
    const dataDir = values.data ?? process.env.DATA_DIR ?? DEFAULTS.dataDir;

    if (sub === 'add') {
      const locations = (values.location ?? []).flatMap((l) => l.split(',')).map((l) => l.trim()).filter(Boolean);
      const input: { role?: string; name?: string; locations: string[] } = { locations };
      if (values.role !== undefined) input.role = values.role;
      if (values.name !== undefined) input.name = values.name;
      const problems = checkNewToken(input);
      if (problems.length > 0) return usage(problems.join('\n  '));
      const { mkdir } = await import('node:fs/promises');
      await mkdir(dataDir, { recursive: true });
      const store = await openTokenStore(dataDir);
      const { record, secret } = await store.add({ role: input.role as Role, name: input.name as string, locations });
      console.log(`added ${record.role} token ${record.id} for ${record.name} (${record.locations.join(', ')})`);
      console.log(`secret (shown once, store it now): ${secret}`);
      return EXIT.ok;
    }

    const store = await openTokenStore(dataDir);
    if (sub === 'list') {
      const list = await store.list();
      if (values.json) {
        console.log(JSON.stringify(list.map(({ hash: _hash, ...t }) => t), null, 2));
      } else if (list.length === 0) {
        console.log(`no tokens in ${store.file}`);
      } else {
        for (const t of list) console.log(row(t));
      }
      return EXIT.ok;
    }

    if (rest.length !== 1) return usage('revoke takes exactly one token id (see "makegood token list")');
    const id = rest[0] as string;
    const done = await store.revoke(id);
    if (!done) {
      console.error(`makegood token: no token with id "${id}" in ${store.file}`);
      return EXIT.failed;
    }
    console.log(`revoked ${done.id} (${done.role} ${done.name}) at ${done.revoked}`);
    return EXIT.ok;
  },
};
