/**
 * "Download inclusion proof" in an entry's detail: asks the server (log:prove, auditors) for
 * the entry's RFC 6962 inclusion proof against a signed checkpoint, and saves it with the
 * public key, so `makegood log verify-proof` can check it without the server.
 */
import { useState } from 'preact/hooks';
import type { WireError } from '../../../server/contract/index.ts';
import type { ConsoleApi } from '../api.ts';
import { downloadText } from './download.ts';
import { ErrorNote } from './tabs.tsx';

export function ProofButton({ api, id }: { api: ConsoleApi; id: string }) {
  const [state, setState] = useState<{ busy: boolean; error: WireError | null; done: string | null }>({ busy: false, error: null, done: null });
  const prove = async () => {
    setState({ busy: true, error: null, done: null });
    const res = await api.request('log:prove', { id });
    if (!res.ok) return setState({ busy: false, error: res.error, done: null });
    downloadText(res.data.filename, res.data.content, 'application/json');
    downloadText(`checkpoint-key-${res.data.key_id}.pub.pem`, res.data.public_key, 'application/x-pem-file');
    setState({ busy: false, error: null, done: `Saved ${res.data.filename} and the public key ${res.data.key_id}: check with "makegood log verify-proof ${res.data.filename} --key checkpoint-key-${res.data.key_id}.pub.pem"` });
  };
  return (
    <div class="toolbar">
      <button type="button" onClick={prove} disabled={state.busy}>
        {state.busy ? 'Making the proof…' : 'Download inclusion proof'}
      </button>
      <ErrorNote error={state.error} />
      {state.done && (
        <p class="note" role="status">
          {state.done}
        </p>
      )}
    </div>
  );
}
