/**
 * The shipped CLI as a separate process, for tests that must kill it: `makegood serve`
 * (SIGKILL, no chance to flush), `makegood token add`, `makegood log verify`.
 * Uses dist/makegood.js, built once by the global setup.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { appRoot } from '../../server/app/app-root.ts';

export const CLI = join(appRoot(), 'dist/makegood.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], timeoutMs = 30_000): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { timeout: timeoutMs, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** `makegood token add ...`; returns the secret it prints once. */
export async function addTokenCli(dataDir: string, role: string, name: string, location: string): Promise<string> {
  const r = await runCli(['token', 'add', '--role', role, '--name', name, '--location', location, '--data', dataDir]);
  const secret = /\b(mg_[A-Za-z0-9_-]{43})\b/.exec(r.stdout)?.[1];
  if (r.code !== 0 || !secret) throw new Error(`makegood token add failed (${r.code}): ${r.stdout}${r.stderr}`);
  return secret;
}

export interface ServeProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** SIGKILL: the process gets no chance to finish anything. Resolves once it is gone. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

export function startServe(dataDir: string, rulesFile: string, extra: string[] = []): Promise<ServeProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--host', '127.0.0.1', '--data', dataDir, '--rules', rulesFile, ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = once(child, 'exit');
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const proc = (url: string): ServeProcess => ({
    url,
    child,
    output: () => out,
    async kill9() {
      if (!gone()) {
        child.kill('SIGKILL');
        await exited;
      }
    },
    async stop() {
      if (!gone()) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`makegood serve did not start within 20 s:\n${out}`));
    }, 20_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /makegood listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(proc(m[1]!));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`makegood serve exited (${code ?? sig}) before listening:\n${out}`));
    });
  });
}
