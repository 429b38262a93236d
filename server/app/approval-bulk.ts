/**
 * approval:decide-many: a manager's selection decided with one note. Each request goes
 * through the single decide (oversight, open, conflict, redacted note, its own log entry and
 * approval:decided push), one after another, so the log order is the selection's order.
 * A refused request does not stop the rest; it comes back with its code and message.
 */
import type { ApprovalDecideManyRequest, ApprovalDecideManyResult, ApprovalDecideRequest } from '../contract/events.ts';
import { MakegoodError } from '../contract/errors.ts';
import type { Principal } from '../contract/roles.ts';

type DecideOne = (p: Principal, req: ApprovalDecideRequest) => Promise<{ entry_id: string }>;

export async function decideMany(decide: DecideOne, p: Principal, req: ApprovalDecideManyRequest): Promise<ApprovalDecideManyResult> {
  const out: ApprovalDecideManyResult = { decided: [], failed: [] };
  for (const entryId of new Set(req.entryIds)) {
    try {
      const r = await decide(p, { entryId, approved: req.approved, ...(req.note !== undefined ? { note: req.note } : {}) });
      out.decided.push({ entryId, entry_id: r.entry_id });
    } catch (err) {
      // Anything unexpected is still the server's problem: let app.ts log it as internal.
      if (!(err instanceof MakegoodError)) throw err;
      out.failed.push({ entryId, code: err.code, message: err.message });
    }
  }
  return out;
}
