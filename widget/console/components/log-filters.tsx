/**
 * The auditor's filters. Edits stay local until "Apply", so typing does not fire a query per
 * key. Empty fields are left out of the LogQuery.
 */
import { useState } from 'preact/hooks';
import type { LogQuery } from '../../../server/contract/index.ts';
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
  ['location', 'Location', 'e.g. des-moines'],
  ['staff', 'Staff', 'name'],
  ['rule', 'Rule', 'rule id or fallback'],
  ['gesture', 'Gesture', 'gesture id'],
] as const;

/** Drops empty values so the query only carries real filters. */
export function cleanFilters(f: Record<string, string | undefined>): Filters {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v.trim() !== '') out[k] = v.trim();
  return out as Filters;
}

export function LogFilters({ value, onApply }: { value: Filters; onApply: (f: Filters) => void }) {
  const [draft, setDraft] = useState<Record<string, string>>(value as Record<string, string>);
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
        onApply(cleanFilters(draft));
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
          <input type="text" placeholder={hint} {...field(name)} />
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
      <div class="actions">
        <button type="submit">Apply filters</button>
        <button
          type="button"
          onClick={() => {
            setDraft({ ...DEFAULT_FILTERS });
            onApply(DEFAULT_FILTERS);
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}
