/**
 * Rule labels for the console ("Complimentary loaner car", not "loaner-car"): fetched once per
 * connection from rules:list; until it answers (or for a rule since removed) the id is shown.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ConsoleApi } from './api.ts';

export type RuleLabels = (rule: string | null) => string;

const fallbackLabel: RuleLabels = (rule) => rule ?? 'No rule matched (fallback)';

export function labelsFrom(choices: { id: string; label: string }[]): RuleLabels {
  const byId = new Map(choices.map((c) => [c.id, c.label]));
  return (rule) => (rule === null || rule === 'fallback' ? 'No rule matched (fallback)' : (byId.get(rule) ?? rule));
}

export function useRuleLabels(api: ConsoleApi, version?: string): RuleLabels {
  const [labels, setLabels] = useState<RuleLabels>(() => fallbackLabel);
  useEffect(() => {
    let live = true;
    void api.request('rules:list', {}).then((res) => {
      if (live && res.ok) setLabels(() => labelsFrom(res.data));
    });
    return () => void (live = false);
  }, [api, version]);
  return labels;
}
