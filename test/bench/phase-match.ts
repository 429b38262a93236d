/** Matching cost per request, measured in its own fresh process (dist/bench/match-probe.js). */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface MatchFigures {
  match_us_30: number;
  match_us_3000: number;
  compile_ms_30: number;
  compile_ms_3000: number;
  /** 3,000 rules with the shipped corpus and 10,000 learned corrections (issue 10). */
  match_us_3000_learned: number;
  compile_ms_3000_learned: number;
  engine_mb_3000_learned: number;
}

export async function matchPhase(script: string): Promise<MatchFigures> {
  const { stdout } = await run(process.execPath, [script], { timeout: 120_000, maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as MatchFigures;
}
