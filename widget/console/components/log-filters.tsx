/**
 * The auditor's filters. Edits stay local until "Apply", so typing does not fire a query per
 * key. Empty fields are left out of the LogQuery.
 */
import { useState } from 'preact/hooks';
import type { FilterSuggestions, LogQuery } from '../../../server/contract/index.ts';
import { choicesFor, resolveName } from '../filter-names.ts';
import { OUTCOMES } from '../../../server/contract/log-entry.ts';

export type Filters = Pick<LogQuery, 'since' | 'until' | 'location' | 'staff' | 'rule' | 'gesture' | 'outcome' | 'text' | 'type'>;

/** The log opens on recoveries (one row per recommendation, with its outcome); "all entries" shows decisions and alerts as rows too. */
export const DEFAULT_FILTERS: Filters = { type: 'recommendation' };

const TYPES = [
  ['recommendation', 'Recoveries'],
  ['', 'All entries'],
  ['decision', 'Decisions'],
  ['approval', 'Approvals'],
  ['alert', 'Alerts'],
  ['alert_closed', 'Alert closures'],
  ['loss', 'Recorded losses'],
  ['correction', 'Rule corrections'],
] as const;

const TEXT_FIELDS = [
  ['location', 'Location', 'name or its start, e.g. Des Moines'],
  ['staff', 'Staff', 'name'],
  ['rule', 'Rule', 'name or id'],
  ['gesture', 'Gesture', 'name or id'],
] as const;

/**
 * Names to ids (location, rule, gesture; staff stays as typed) and a date range that makes
 * sense, or the messages saying what to fix.
 */
export function checkFilters(draft: Filters, s: FilterSuggestions | null | undefined): { ok: true; filters: Filters } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const out: Filters = { ...draft };
  if (draft.since && draft.until && draft.since > draft.until) errors.push(`From date ${draft.since} is after To date ${draft.until}: swap them or clear one.`);
  if (s) {
    for (const [kind, what] of [['location', 'Location'], ['rule', 'Rule'], ['gesture', 'Gesture']] as const) {
      const typed = draft[kind];
      if (!typed) continue;
      const r = resolveName(what, typed, choicesFor(kind, s));
      if (r.ok) out[kind] = r.id;
      else errors.push(r.message);
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, filters: out };
}

/** Drops empty values so the query only carries real filters. */
export function cleanFilters(f: Record<string, string | undefined>): Filters {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v.trim() !== '') out[k] = v.trim();
  return out as Filters;
}

export function LogFilters({ value, onApply, suggestions }: { value: Filters; onApply: (f: Filters) => void; suggestions?: FilterSuggestions | null }) {
  const [draft, setDraft] = useState<Record<string, string>>(value as Record<string, string>);
  const [errors, setErrors] = useState<string[]>([]);
  const field = (name: string) => ({
    id: `f-${name}`,
    name,
    value: draft[name] ?? '',
    onInput: (e: Event) => setDraft({ ...draft, [name]: (e.currentTarget as HTMLInputElement).value }),
  });
  return (
    <form
      class="filters"
      aria-label="Filter the log"
      onSubmit={(e) => {
        e.preventDefault();
        const checked = checkFilters(cleanFilters(draft), suggestions);
        setErrors(checked.ok ? [] : checked.errors);
        if (checked.ok) onApply(checked.filters);
      }}
    >
      <div class="field">
        <label for="f-type">Show</label>
        <select {...field('type')} onChange={(e) => setDraft({ ...draft, type: e.currentTarget.value })}>
          {TYPES.map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="f-since">From date</label>
        <input type="date" {...field('since')} />
      </div>
      <div class="field">
        <label for="f-until">To date</label>
        <input type="date" {...field('until')} />
      </div>
      {TEXT_FIELDS.map(([name, label, hint]) => (
        <div class="field" key={name}>
          <label for={`f-${name}`}>{label}</label>
          <input type="text" placeholder={hint} list={suggestions ? `dl-${name}` : undefined} autoComplete="off" {...field(name)} />
          {suggestions && (
            <datalist id={`dl-${name}`}>
              {choicesFor(name, suggestions).map((c) => (
                <option key={c.id} value={c.label} />
              ))}
            </datalist>
          )}
        </div>
      ))}
      <div class="field">
        <label for="f-outcome">Outcome</label>
        <select {...field('outcome')} onChange={(e) => setDraft({ ...draft, outcome: e.currentTarget.value })}>
          <option value="">any</option>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
          <option value="none">not decided</option>
        </select>
      </div>
      <div class="field wide">
        <label for="f-text">Search text</label>
        <input type="search" placeholder="words in the description, names…" {...field('text')} />
      </div>
      {errors.length > 0 && (
        <div role="alert" class="error wide-all">
          {errors.map((m) => (
            <p key={m}>{m}</p>
          ))}
        </div>
      )}
      <div class="actions">
        <button type="submit">Apply filters</button>
        <button
          type="button"
          onClick={() => {
            setDraft({ ...DEFAULT_FILTERS });
            setErrors([]);
            onApply(DEFAULT_FILTERS);
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}
