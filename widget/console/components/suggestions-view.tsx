/**
 * What staff corrections say should change in the rules file (rules:suggest): words
 * corrections keep adding to a rule, rules staff keep correcting away from, and labelled
 * examples the rules now send elsewhere. Each says what applying it changes; applying is
 * `makegood rules suggest --apply N` on the server (validated, dry run against the cases
 * file, then the running server reloads the file and this list follows the new version).
 */
import type { RuleSuggestion } from '../../../server/contract/index.ts';
import type { ConsoleApi } from '../api.ts';
import { useRequest } from '../use-request.ts';
import { ErrorNote } from './tabs.tsx';

const GROUPS: Array<{ kind: RuleSuggestion['kind']; title: string; empty: string }> = [
  { kind: 'add-words', title: 'Words corrections keep adding', empty: 'No word is in two or more corrections to the same rule yet.' },
  { kind: 'corrected-away', title: 'Rules staff keep correcting away from', empty: 'No rule was corrected away from twice yet.' },
  { kind: 'drifted', title: 'Corrections the rules now send elsewhere', empty: 'Every correction still goes to the rule staff chose.' },
];

function editText(s: RuleSuggestion): string {
  if (!s.edit) return 'Nothing to apply in the rules file.';
  return s.edit.op === 'add-mention' ? `Applying adds “${s.edit.phrase}” to the words of ${s.edit.rule_id}.` : `Applying removes “${s.edit.phrase}” from the words of ${s.edit.rule_id}.`;
}

function Item({ s }: { s: RuleSuggestion }) {
  return (
    <li aria-label={`Suggestion ${s.n}: ${s.summary}`}>
      <p>
        <strong>{s.n}.</strong> {s.summary}
      </p>
      {s.kind !== 'drifted' && s.examples.length > 0 && (
        <ul class="examples">
          {s.examples.map((e, i) => (
            <li key={i}>“{e}”</li>
          ))}
        </ul>
      )}
      <p class="note">
        {editText(s)}
        {s.edit && (
          <>
            {' '}
            On the server: <code>makegood rules suggest --apply {s.n}</code>
          </>
        )}
      </p>
    </li>
  );
}

export function SuggestionsView({ api, version }: { api: ConsoleApi; version: string }) {
  // The version is part of the request so a reload of the rules file lists suggestions again.
  const res = useRequest(api, 'rules:suggest', {} as Record<string, never>, version);
  const data = res.data;
  return (
    <section aria-labelledby="sugg-h">
      <h2 id="sugg-h">Suggestions from staff corrections</h2>
      <ErrorNote error={res.error} />
      {data && (
        <>
          <p>
            {data.corrections === 1 ? '1 correction' : `${data.corrections} corrections`} at the locations you oversee; rules version <code>{data.rules_version}</code>.{' '}
            <button type="button" onClick={res.reload}>
              Refresh
            </button>
          </p>
          {GROUPS.map((g) => {
            const items = data.suggestions.filter((s) => s.kind === g.kind);
            return (
              <section key={g.kind} aria-label={g.title}>
                <h3>{g.title}</h3>
                {items.length === 0 ? <p class="empty">{g.empty}</p> : <ol class="suggestions">{items.map((s) => <Item key={s.n} s={s} />)}</ol>}
              </section>
            );
          })}
        </>
      )}
    </section>
  );
}
