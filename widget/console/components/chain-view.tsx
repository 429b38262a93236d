/** Chain status for auditors, and the checkpoint to keep (copy it somewhere safe). */
import { useState } from 'preact/hooks';
import type { ConsoleApi } from '../api.ts';
import { time } from '../format.ts';
import { useRequest } from '../use-request.ts';
import { ErrorNote } from './tabs.tsx';

export function ChainView({ api }: { api: ConsoleApi }) {
  const res = useRequest(api, 'log:chain', {});
  const [copied, setCopied] = useState<string | null>(null);
  const c = res.data;
  const checkpoint = c ? JSON.stringify(c.checkpoint) : '';
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(checkpoint);
      setCopied('Checkpoint copied.');
    } catch {
      setCopied('Copying is blocked here: select the text and copy it by hand.');
    }
  };
  return (
    <section aria-labelledby="chain-h">
      <h2 id="chain-h">Chain status</h2>
      <ErrorNote error={res.error} />
      {res.loading && !c && <p>Checking…</p>}
      {c && (
        <>
          <p class={c.ok ? 'ok' : 'error'} role="status">
            {c.ok ? '✓ ' : '✗ '}
            {c.verified_count === 0
              ? 'The log is empty.'
              : `Verified up to entry ${c.verified_count}${c.verified_at ? ` at ${time(c.verified_at)}` : ''}.`}
          </p>
          {c.read_at && <p>Read from disk at {time(c.read_at)}.</p>}
          {c.problem && (
            <p role="alert" class="error">
              Problem: {c.problem}
            </p>
          )}
          <p>
            Head hash: <code>{c.head_hash}</code>
          </p>
          <label for="checkpoint">Latest checkpoint (keep a copy: `makegood log verify --since-checkpoint FILE` proves the log only grew since)</label>
          <textarea id="checkpoint" readOnly rows={3} value={checkpoint} />
          <div class="actions">
            <button type="button" onClick={() => void copy()}>
              Copy checkpoint
            </button>
            <button type="button" onClick={res.reload}>
              Check again
            </button>
          </div>
          {copied && <p role="status">{copied}</p>}
        </>
      )}
    </section>
  );
}
