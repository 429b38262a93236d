/**
 * Hot reload: watch a rules file and hand each good save to the caller.
 *
 * Editors save in odd ways — write to a temp file and rename it over the old one
 * (vim, VS Code), truncate then write, several writes in a burst — and the file
 * may be missing for a moment. So we watch the directory, not the file (a
 * rename gives the file a new inode, which a file watch would lose), wait for
 * the burst to settle, re-read, and skip the load when the content hash has not
 * changed. A slow stat poll backs up fs.watch, which can miss events on some
 * mounts. An invalid save reports its problems; the caller keeps its last good
 * engine.
 */
import { readFileSync, watch, type FSWatcher } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { RulesEngine, RulesProblem } from './engine.ts';
import { loadRulesWithSources, type LoadOptions } from './load.ts';
import { rulesVersion } from './version.ts';

export interface WatchHandlers {
  /** A valid save was loaded: use this engine from the next request on. */
  onLoad(engine: RulesEngine, warnings: RulesProblem[]): void;
  /** A save was invalid (or the file is gone): keep the last good engine. */
  onError(problems: RulesProblem[]): void;
}

export interface WatchOptions {
  /** Quiet time after the last change before reading, ms. Default 100. */
  debounceMs?: number;
  /** Backup poll interval, ms; 0 turns it off. Default 1000. */
  pollMs?: number;
  /** How long a vanished file may stay away before onError says so, ms. Default 2000. */
  missingGraceMs?: number;
  /** Load once right away and report it (otherwise the current content is the baseline and only changes are reported). */
  initial?: boolean;
  /** Version of the engine the caller already has; a save with the same content is skipped. */
  knownVersion?: string;
  /** What each load learns from besides the file (corpus dir, the shared ExampleBook). */
  load?: LoadOptions;
}

export interface RulesWatcher {
  close(): void;
}

export function watchRules(path: string, handlers: WatchHandlers, opts: WatchOptions = {}): RulesWatcher {
  const file = resolve(path);
  const dir = dirname(file);
  const name = basename(file);
  const debounceMs = opts.debounceMs ?? 100;
  const missingGraceMs = opts.missingGraceMs ?? 2000;
  let lastSeen: string | undefined = opts.knownVersion;
  let timer: NodeJS.Timeout | undefined;
  let missingSince: number | undefined;
  let missingReported = false;
  let emptyRetried = false;
  let running = false;
  let again = false;
  let closed = false;
  let lastStat = '';

  const schedule = (delay = debounceMs) => {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void check(), delay);
  };

  const problem = (message: string, hint?: string): RulesProblem => {
    const p: RulesProblem = { file: path, line: 1, col: 1, where: '', message, severity: 'error' };
    if (hint) p.hint = hint;
    return p;
  };

  async function check(): Promise<void> {
    if (closed) return;
    // One read at a time; a change during a read triggers one more pass.
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      await readAndLoad();
    } finally {
      running = false;
      if (again && !closed) {
        again = false;
        schedule();
      }
    }
  }

  async function readAndLoad(): Promise<void> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') {
        handlers.onError([problem(`cannot read: ${(err as Error).message}`)]);
        return;
      }
      // Mid-save renames leave a gap: only complain if the file stays away.
      missingSince ??= Date.now();
      const away = Date.now() - missingSince;
      if (away >= missingGraceMs && !missingReported) {
        missingReported = true;
        lastSeen = undefined;
        handlers.onError([problem('the rules file was removed; keeping the last good rules', 'put the file back to reload it')]);
      } else if (!missingReported) {
        schedule(Math.max(debounceMs, missingGraceMs - away));
      }
      return;
    }
    missingSince = undefined;
    missingReported = false;
    // A truncate-then-write save can be caught in between: give it one more beat.
    if (text.trim() === '' && !emptyRetried) {
      emptyRetried = true;
      schedule();
      return;
    }
    emptyRetried = false;
    const version = rulesVersion(text);
    if (version === lastSeen) return;
    lastSeen = version;
    const result = await loadRulesWithSources(text, path, opts.load);
    if (closed) return;
    if (result.ok) handlers.onLoad(result.engine, result.warnings);
    else handlers.onError(result.problems);
  }

  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dir, { persistent: false }, (_event, changed) => {
      // Some platforms do not say which file changed: then any change counts.
      if (changed === null || changed === name || String(changed) === name) schedule();
    });
    watcher.on('error', () => schedule());
  } catch {
    // Directory missing or not watchable: the poll below still works.
  }

  const pollMs = opts.pollMs ?? 1000;
  const poll =
    pollMs > 0
      ? setInterval(() => {
          stat(file).then(
            (s) => {
              const key = `${s.ino}:${s.size}:${s.mtimeMs}`;
              if (key !== lastStat) {
                lastStat = key;
                schedule();
              }
            },
            () => {
              if (lastStat !== 'missing') {
                lastStat = 'missing';
                schedule();
              }
            },
          );
        }, pollMs)
      : undefined;
  poll?.unref();

  // Baseline: what is on disk now is what the caller has (or is about to load).
  if (opts.initial) {
    schedule(0);
  } else if (lastSeen === undefined) {
    // Synchronous on purpose: a save landing right after this call must count as a change.
    try {
      lastSeen = rulesVersion(readFileSync(file, 'utf8'));
    } catch {
      // Not there yet: its arrival will be loaded.
    }
  }
  void stat(file).then(
    (s) => (lastStat = `${s.ino}:${s.size}:${s.mtimeMs}`),
    () => (lastStat = 'missing'),
  );

  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      if (poll) clearInterval(poll);
      watcher?.close();
    },
  };
}
