/**
 * The auditor's log: filters, one server-side page at a time, export of exactly the filtered
 * set, and an entry's detail. The browser never holds more than a page.
 */
import { useState } from 'preact/hooks';
import type { WireError } from '../../../server/contract/index.ts';
import type { ConsoleApi } from '../api.ts';
import { useRequest } from '../use-request.ts';
import { LogFilters, type Filters } from './log-filters.tsx';
import { LogTable } from './log-table.tsx';
import { EntryDetail } from './entry-detail.tsx';
import { ErrorNote, useFocusOnChange } from './tabs.tsx';
import { downloadText } from './download.ts';

export const PAGE_SIZE = 50;

export interface LogViewProps {
  api: ConsoleApi;
  filters: Filters;
  onFilters: (f: Filters) => void;
}

export function LogView({ api, filters, onFilters }: LogViewProps) {
  const [offset, setOffset] = useState(0);
  const [open, setOpen] = useState<string | null>(null);
  const [exportState, setExportState] = useState<{ busy: boolean; error: WireError | null; done: string | null }>({ busy: false, error: null, done: null });
  const page = useRequest(api, 'log:query', { ...filters, offset, limit: PAGE_SIZE });
  // Names the filters can take, from the log's own values (refreshed when the filters change).
  const suggest = useRequest(api, 'log:suggest', {}, filters);
  const focusRef = useFocusOnChange(open);

  if (open)
    return (
      <div ref={focusRef}>
        <EntryDetail api={api} id={open} onBack={() => setOpen(null)} />
      </div>
    );

  const exportAs = async (format: 'csv' | 'json') => {
    setExportState({ busy: true, error: null, done: null });
    const res = await api.request('log:export', { ...filters, format });
    if (!res.ok) return setExportState({ busy: false, error: res.error, done: null });
    downloadText(res.data.filename, res.data.content, format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json');
    setExportState({ busy: false, error: null, done: `Exported ${res.data.filename}` });
  };

  const data = page.data;
  const outcomes = data?.outcomes ?? {};
  const known = filters.outcome ? Object.fromEntries((data?.entries ?? []).map((e) => [e.id, filters.outcome!])) : {};
  return (
    <section aria-labelledby="log-h" ref={focusRef}>
      <h2 id="log-h">Recovery log</h2>
      <LogFilters
        value={filters}
        suggestions={suggest.data}
        onApply={(f) => {
          setOffset(0);
          onFilters(f);
        }}
      />
      <div class="toolbar">
        <p aria-live="polite" class="count">
          {page.loading ? 'Loading…' : data ? (data.total === 0 ? 'No entries' : `Showing ${data.offset + 1}–${data.offset + data.entries.length} of ${data.total}`) : ''}
        </p>
        <div class="actions">
          <button type="button" disabled={exportState.busy} onClick={() => void exportAs('csv')}>
            Export CSV
          </button>
          <button type="button" disabled={exportState.busy} onClick={() => void exportAs('json')}>
            Export JSON
          </button>
        </div>
      </div>
      <ErrorNote error={exportState.error} />
      {exportState.done && <p class="note" role="status">{exportState.done}</p>}
      <ErrorNote error={page.error} />
      {data && <LogTable entries={data.entries} outcomes={{ ...known, ...outcomes }} given={data.given} states={data.states} onOpen={setOpen} />}
      {data && data.total > PAGE_SIZE && (
        <nav aria-label="Pages" class="pager">
          <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
            Previous page
          </button>
          <span>
            Page {Math.floor(offset / PAGE_SIZE) + 1} of {Math.ceil(data.total / PAGE_SIZE)}
          </span>
          <button type="button" disabled={offset + PAGE_SIZE >= data.total} onClick={() => setOffset(offset + PAGE_SIZE)}>
            Next page
          </button>
          <JumpToPage pages={Math.ceil(data.total / PAGE_SIZE)} onJump={(n) => setOffset((n - 1) * PAGE_SIZE)} />
        </nav>
      )}
    </section>
  );
}

/** "Go to page": a whole number from 1 to the last page, or a message saying what to type. */
export function pageNumber(text: string, pages: number): { page: number } | { error: string } {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return { error: `Type a page number from 1 to ${pages}.` };
  const n = Number(t);
  if (n < 1 || n > pages) return { error: `There is no page ${t}: pages go from 1 to ${pages}.` };
  return { page: n };
}

function JumpToPage({ pages, onJump }: { pages: number; onJump: (page: number) => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      class="jump"
      onSubmit={(ev) => {
        ev.preventDefault();
        const r = pageNumber(text, pages);
        if ('error' in r) return setError(r.error);
        setError(null);
        onJump(r.page);
      }}
    >
      <label>
        Go to page{' '}
        <input type="text" inputMode="numeric" size={5} value={text} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'jump-error' : undefined} onInput={(ev) => setText((ev.target as HTMLInputElement).value)} />
      </label>{' '}
      <button type="submit">Go</button>
      {error && (
        <span id="jump-error" role="alert" class="error">
          {error}
        </span>
      )}
    </form>
  );
}
