/**
 * Child processes for the bench: every server and every load generator runs in its own
 * process, started through `sh` so the file-descriptor limit can be raised first
 * (10,000 sockets need more than the usual 1,024).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/** Raise the soft limit as far as the hard limit allows, then exec node (same pid). */
const SHELL = 'ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$0" "$@"';

export interface Proc {
  child: ChildProcess;
  pid: number;
  /** Everything the process printed so far (stdout and stderr), for error messages. */
  output(): string;
  stop(): Promise<void>;
}

export function startNode(script: string, args: string[], opts: { ipc?: boolean; cwd?: string; nodeArgs?: string[] } = {}): Proc {
  const child = spawn('sh', ['-c', SHELL, process.execPath, ...(opts.nodeArgs ?? []), script, ...args], {
    cwd: opts.cwd,
    stdio: ['ignore', 'pipe', 'pipe', ...(opts.ipc ? (['ipc'] as const) : [])],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  let out = '';
  const keep = (b: Buffer) => {
    out += b.toString();
    if (out.length > 20_000) out = out.slice(-10_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = once(child, 'exit');
  return {
    child,
    pid: child.pid!,
    output: () => out,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** Resolves with the first match of `re` in the process's output, or rejects on exit/timeout. */
export function waitForOutput(proc: Proc, re: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = re.exec(proc.output());
      if (m) {
        done();
        resolve(m);
      }
    };
    const onExit = (code: number | null, sig: string | null) => {
      done();
      reject(new Error(`process exited (${code ?? sig}) before printing ${re}:\n${proc.output().slice(-2000)}`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`no ${re} within ${timeoutMs} ms:\n${proc.output().slice(-2000)}`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      proc.child.stdout!.off('data', check);
      proc.child.stderr!.off('data', check);
      proc.child.off('exit', onExit);
    };
    proc.child.stdout!.on('data', check);
    proc.child.stderr!.on('data', check);
    proc.child.on('exit', onExit);
    check();
  });
}

/** Next IPC message of a given type from a child. */
export function nextMessage<T extends { type: string }>(child: ChildProcess, type: T['type'], timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMsg = (m: { type?: string }) => {
      if (m?.type === type) {
        done();
        resolve(m as T);
      }
    };
    const onExit = (code: number | null) => {
      done();
      reject(new Error(`child exited (${code}) while waiting for "${type}"`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`no "${type}" message within ${timeoutMs} ms`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      child.off('message', onMsg);
      child.off('exit', onExit);
    };
    child.on('message', onMsg);
    child.on('exit', onExit);
  });
}
