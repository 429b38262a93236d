import { describe, expect, it } from 'vitest';
import { loadRulesText } from '../../server/rules/index.ts';
import { reloadRulesText, uniqueMention } from '../../test/bench/reload-rules.ts';

describe('the reload bench rules file (reload_stall_ms_10k, check_s_10k)', () => {
  it('gives every rule a mention no other rule has', () => {
    const names = Array.from({ length: 10_000 }, (_, i) => uniqueMention(i));
    expect(new Set(names).size).toBe(names.length);
    expect(names.every((n) => /^[a-z ]+$/.test(n))).toBe(true);
  });

  it('loads without errors, so a save of it really goes live', () => {
    const r = loadRulesText(reloadRulesText(150, 7), 'bench-150.yaml');
    if (!r.ok) throw new Error(r.problems.slice(0, 3).map((p) => `${p.line}:${p.col} ${p.message}`).join('\n'));
    expect(r.engine.doc.rules).toHaveLength(150);
  });
});
