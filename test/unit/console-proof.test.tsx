// @vitest-environment happy-dom
import { describe, it, expect, afterEach, vi } from 'vitest';
import { render, screen, fireEvent, cleanup } from '@testing-library/preact';
import { EntryDetail } from '../../widget/console/components/entry-detail.tsx';
import { fakeApi } from '../support/fake-console-api.ts';
import { rec } from '../support/console-fixtures.ts';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const entry = rec({ description: 'no parts', location: 'des-moines', staff: 'bo' });

describe('entry detail: inclusion proof download', () => {
  it('asks log:prove for this entry and saves the proof and the public key', async () => {
    const saved: string[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation(() => 'blob:x');
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    const api = fakeApi({
      'log:entry': () => ({ entry, related: [] }),
      'log:prove': ({ id }) => ({ filename: `proof-${id}.json`, content: '{}\n', key_id: '0123456789abcdef', public_key: '-----BEGIN PUBLIC KEY-----\n' }),
    });
    render(<EntryDetail api={api} id={entry.id} onBack={() => {}} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Download inclusion proof' }));
    expect(await screen.findByRole('status')).toHaveProperty('textContent', expect.stringContaining(`makegood log verify-proof proof-${entry.id}.json`));
    expect(api.calls.filter((c) => c.event === 'log:prove').map((c) => c.payload)).toEqual([{ id: entry.id }]);
    expect(saved).toEqual([`proof-${entry.id}.json`, 'checkpoint-key-0123456789abcdef.pub.pem']);
  });

  it('says so when the role may not have proofs', async () => {
    const api = fakeApi({ 'log:entry': () => ({ entry, related: [] }) });
    render(<EntryDetail api={api} id={entry.id} onBack={() => {}} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Download inclusion proof' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Your role may not see this.');
  });
});
