/** The live rules version and, when a save was bad, its errors as they happen. */
import type { RulesStatus } from '../../../server/contract/index.ts';
import { time } from '../format.ts';

export function RulesView({ status }: { status: RulesStatus }) {
  return (
    <section aria-labelledby="rules-h">
      <h2 id="rules-h">Rules status</h2>
      <dl class="facts">
        <dt>Live version</dt>
        <dd>
          <code>{status.version}</code>
        </dd>
        <dt>Loaded at</dt>
        <dd>{time(status.loaded_at)}</dd>
        <dt>File</dt>
        <dd>
          <code>{status.file}</code>
        </dd>
      </dl>
      <div aria-live="assertive">
        {status.errors.length === 0 ? (
          <p class="ok">✓ The live rules are the last saved file.</p>
        ) : (
          <div role="alert" class="error">
            <p>The last save has errors; still serving version {status.version}:</p>
            <ul>
              {status.errors.map((e, i) => (
                <li key={i}>
                  <code>{e}</code>
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </section>
  );
}
