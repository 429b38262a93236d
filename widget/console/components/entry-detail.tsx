/**
 * One entry in full: what was typed, why the rule won, the rules version, the decision and
 * approval trail, and where it sits in the hash chain.
 */
import type { LogEntry, Explanation } from '../../../server/contract/index.ts';
import type { TrailStep } from '../../../server/contract/recovery-state.ts';
import type { ConsoleApi } from '../api.ts';
import { money, ruleName, time } from '../format.ts';
import { useRequest } from '../use-request.ts';
import { ErrorNote } from './tabs.tsx';
import { ProofButton } from './proof-button.tsx';

function ExplanationView({ x }: { x: Explanation }) {
  return (
    <div>
      <h4>Why this gesture</h4>
      {x.matched.length > 0 && (
        <ul aria-label="Matched words">
          {x.matched.map((m, i) => (
            <li key={i}>
              “{m.heard}” matched “{m.term}” ({m.how}
              {m.via ? ` via “${m.via}”` : ''}, score {m.score})
            </li>
          ))}
        </ul>
      )}
      {x.conditions.length > 0 && <p>Conditions: {x.conditions.join('; ')}</p>}
      <p>
        Score: text {x.score.text}, priority {x.score.priority}, total {x.score.total}
      </p>
      {x.runner_up && (
        <p>
          Runner-up: {x.runner_up.rule_id} ({x.runner_up.score}) — {x.runner_up.why}
        </p>
      )}
      {x.notes.length > 0 && (
        <ul aria-label="Adjustments">
          {x.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Trail({ related }: { related: LogEntry[] }) {
  if (related.length === 0) return <p>No decision or approval recorded yet.</p>;
  return (
    <ol class="trail">
      {related.map((r) => (
        <li key={r.id}>
          {time(r.at)} — {r.type === 'decision' && `${r.actor.name} recorded “${r.outcome}” (gesture ${r.gesture_id}${r.reaction ? `, customer ${r.reaction}` : ''})${r.note ? `: ${r.note}` : ''}`}
          {r.type === 'approval' && `${r.actor.name} ${r.approved ? 'approved' : 'declined'}${r.note ? `: ${r.note}` : ''}`}
          {r.type === 'alert_closed' && `${r.actor.name} closed it — root cause: ${r.root_cause}; fix: ${r.fix}`}
          {r.type === 'correction' && `${r.actor.name} corrected the rule: ${r.from_rule ?? 'fallback'} → ${r.rule_id} (now ${r.gesture.label})`}
          {(r.type === 'recommendation' || r.type === 'alert') && `${r.type} ${r.id}`}
        </li>
      ))}
    </ol>
  );
}

/** A recommendation's recovery step by step, from the server's state machine: what was on the table, its value, corrections with their reasons. */
function RecoveryTrail({ steps }: { steps: TrailStep[] }) {
  return (
    <ol class="trail" aria-label="Recovery trail">
      {steps.map((s) => (
        <li key={s.id}>
          {time(s.at)} — {s.who}: {s.correction ? `correction: ${s.what}` : s.what} — {s.gesture} ({money(s.value)})
          {s.why ? (s.correction ? `; reason: ${s.why}` : `: ${s.why}`) : ''}
        </li>
      ))}
    </ol>
  );
}

export function EntryDetail({ api, id, onBack }: { api: ConsoleApi; id: string; onBack: () => void }) {
  const res = useRequest(api, 'log:entry', { id });
  const e = res.data?.entry;
  return (
    <section aria-labelledby="entry-h" class="detail">
      <button type="button" onClick={onBack}>
        Back to the log
      </button>
      <h2 id="entry-h">Entry {e ? `#${e.seq}` : id}</h2>
      <ErrorNote error={res.error} />
      {res.loading && <p>Loading…</p>}
      {e && (
        <>
          <dl class="facts">
            <dt>Type</dt>
            <dd>{e.type}</dd>
            <dt>Time</dt>
            <dd>{time(e.at)}</dd>
            {'actor' in e && (
              <>
                <dt>Who</dt>
                <dd>
                  {e.actor.name} ({e.actor.role})
                </dd>
              </>
            )}
            {'location' in e && e.location && (
              <>
                <dt>Location</dt>
                <dd>{e.location}</dd>
              </>
            )}
            {e.type === 'recommendation' && (
              <>
                <dt>Description</dt>
                <dd class="desc">{e.description}</dd>
                <dt>Rule</dt>
                <dd>{ruleName(e.rule_id)}</dd>
                <dt>Gesture</dt>
                <dd>
                  {e.gesture.label} ({e.gesture.id}), value {money(e.value)}
                  {e.alternatives.length > 0 && ` — alternatives: ${e.alternatives.map((a) => a.label).join(', ')}`}
                </dd>
                <dt>Rules version</dt>
                <dd>
                  <code>{e.rules_version}</code>
                </dd>
                <dt>Needs approval</dt>
                <dd>{e.needs_approval ? 'yes' : 'no'}</dd>
              </>
            )}
            {e.type === 'alert' && (
              <>
                <dt>Alert</dt>
                <dd>
                  {e.alert_id}: {e.count} × {e.rule_id} within {e.within_minutes} min ({e.scope})
                </dd>
              </>
            )}
          </dl>
          {e.type === 'recommendation' && <ExplanationView x={e.explanation} />}
          <h3>Decision and approval trail</h3>
          {res.data?.trail ? <RecoveryTrail steps={res.data.trail} /> : <Trail related={res.data?.related ?? []} />}
          <h3>Place in the chain</h3>
          <dl class="facts mono">
            <dt>Position</dt>
            <dd>entry {e.seq}</dd>
            <dt>Id</dt>
            <dd>
              <code>{e.id}</code>
            </dd>
            <dt>Hash</dt>
            <dd>
              <code>{e.hash}</code>
            </dd>
            <dt>Previous hash</dt>
            <dd>
              <code>{e.prev}</code>
            </dd>
          </dl>
          <ProofButton api={api} id={e.id} />
        </>
      )}
    </section>
  );
}
