/** Matching cost per request, measured in its own fresh process (dist/bench/match-probe.js). */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface MatchFigures {
  match_us_30: number;
  match_us_3000: number;
  compile_ms_30: number;
  compile_ms_3000: number;
}

export async function matchPhase(script: string): Promise<MatchFigures> {
  const { stdout } = await run(process.execPath, [script], { timeout: 120_000, maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as MatchFigures;
}
