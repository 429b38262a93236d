/**
 * The in-memory index of the log: a few typed-array columns per entry (where the line is,
 * when, which type, location, staff, rule, gesture, latest outcome) plus links from a
 * recommendation to its decisions and approvals. Entries themselves stay on disk and are
 * read on demand, so a 1M-entry log costs tens of MB here. Pure: no I/O.
 */
import type { LogEntry, Outcome } from '../contract/log-entry.ts';
import { OUTCOMES, REACTIONS } from '../contract/log-entry.ts';
import type { EntryRow } from './store.ts';
import { Column, Interner } from './grow.ts';
import { seqOfId } from './hash-chain.ts';
import { RequestTable } from './request-table.ts';

export const TYPE_CODES = { recommendation: 1, decision: 2, approval: 3, alert: 4, alert_closed: 5, loss: 6, correction: 7 } as const;
/** Outcome codes: 0 = nothing decided yet. */
export const outcomeCode = (o: Outcome | 'none'): number => (o === 'none' ? 0 : OUTCOMES.indexOf(o) + 1);

const TYPE_NAMES = ['', 'recommendation', 'decision', 'approval', 'alert', 'alert_closed', 'loss', 'correction'] as const;
const APPROVALS = ['none', 'approved', 'rejected'] as const;

export class LogIndex {
  count = 0;
  readonly offset = new Column(Float64Array);
  readonly length = new Column(Uint32Array);
  readonly atMs = new Column(Float64Array);
  readonly type = new Column(Uint8Array);
  /** The random part of the id, so get(id) can refuse a wrong id without reading the disk. */
  readonly idTail = new Column(Uint32Array);
  readonly location = new Column(Int32Array);
  readonly staff = new Column(Int32Array);
  readonly rule = new Column(Int32Array);
  readonly gesture = new Column(Int32Array);
  /** For a recommendation: its latest decision's outcome code. */
  readonly outcome = new Column(Uint8Array);
  /** For a decision, approval or alert closure: the seq it refers to, 0 = none. */
  readonly parent = new Column(Int32Array);
  /** seq of the newest related entry (decision, approval, alert closure), 0 = none. */
  readonly relHead = new Column(Int32Array);
  /** For a related entry: seq of the previous sibling under the same parent. */
  readonly relNext = new Column(Int32Array);
  /** Lower-cased free text (description, notes, root cause); '' when none. */
  readonly text: string[] = [];
  /** Value of a recommendation's gesture. */
  readonly value = new Column(Float64Array);
  readonly needsApproval = new Column(Uint8Array);
  /** For a recommendation: 0 no approval yet, 1 approved, 2 rejected (the latest). */
  readonly approval = new Column(Uint8Array);
  /** For a recommendation: the latest reaction any decision recorded, 1-based in REACTIONS; 0 none. */
  readonly reaction = new Column(Uint8Array);
  /** For a recommendation: the gesture finally given (a swap changes it). */
  readonly finalGesture = new Column(Int32Array);
  /** For a recommendation: its context.customer_ref. */
  readonly customer = new Column(Int32Array);
  readonly locations = new Interner();
  /** Actor names and token ids (as written) share one table. */
  readonly staffNames = new Interner();
  readonly customers = new Interner();
  readonly tokens = new Column(Int32Array);
  readonly rules = new Interner();
  readonly gestures = new Interner();
  /** request_id → recommendation seqs, for idempotent retries. */
  readonly requests = new RequestTable();
  /** Each entry's hash, 32 bytes. */
  readonly hashes = new Column(Uint8Array, 32 * 1024);

  /** Adds the next entry (seq must be count + 1) stored at [offset, offset + length). */
  add(e: LogEntry, offset: number, length: number): void {
    const i = e.seq - 1;
    if (i !== this.count) throw new Error(`index: expected seq ${this.count + 1}, got ${e.seq}`);
    this.offset.set(i, offset);
    this.length.set(i, length);
    this.atMs.set(i, Date.parse(e.at));
    this.type.set(i, TYPE_CODES[e.type]);
    this.idTail.set(i, parseInt(e.id.slice(-6), 16));
    this.hashes.setAll(i * 32, Buffer.from(e.hash, 'hex'));
    let location: string | undefined;
    let rule: string | undefined;
    let gesture: string | undefined;
    let text = '';
    let parent = 0;
    const actor = 'actor' in e ? e.actor : undefined;
    let customer: string | undefined;
    // Each entry's own verdict sits in its own slot; a recommendation's slots hold its state now.
    let value = 0;
    let needsApproval = 0;
    let outcome = 0;
    let reaction = 0;
    let approval = 0;
    let finalGesture: string | undefined;
    switch (e.type) {
      case 'recommendation':
        location = e.location;
        rule = e.rule_id ?? 'fallback';
        gesture = e.gesture?.id;
        finalGesture = gesture;
        text = e.description;
        customer = typeof e.context?.customer_ref === 'string' ? e.context.customer_ref : undefined;
        value = typeof e.value === 'number' ? e.value : 0;
        needsApproval = e.needs_approval ? 1 : 0;
        break;
      case 'decision':
      case 'approval': {
        location = e.location;
        parent = this.seqOf(e.ref);
        rule = parent ? this.rules.names[this.rule.get(parent - 1)] : undefined;
        // An approval names the gesture it decided (older logs: the recommended one).
        gesture = e.type === 'decision' ? e.gesture_id : (typeof e.gesture_id === 'string' ? e.gesture_id : undefined) ?? (parent ? this.gestures.names[this.gesture.get(parent - 1)] : undefined);
        text = e.note ?? '';
        if (e.type === 'decision') {
          outcome = outcomeCode(e.outcome);
          reaction = e.reaction ? REACTIONS.indexOf(e.reaction) + 1 : 0;
          finalGesture = typeof e.gesture_id === 'string' && e.gesture_id ? e.gesture_id : undefined;
          // A decision's own slots: the value of the gesture it names, and whether it asks for approval (a swap).
          value = typeof e.value === 'number' ? e.value : 0;
          needsApproval = e.needs_approval === true ? 1 : 0;
        } else {
          approval = e.approved ? 1 : 2;
        }
        break;
      }
      case 'alert':
        location = e.location;
        rule = e.rule_id;
        break;
      case 'correction':
        // Staff chose another rule: a new recommendation on the table (its rule, gesture, value).
        location = e.location;
        parent = this.seqOf(e.ref);
        rule = e.rule_id;
        gesture = e.gesture?.id;
        finalGesture = gesture;
        value = typeof e.value === 'number' ? e.value : 0;
        needsApproval = e.needs_approval ? 1 : 0;
        break;
      case 'alert_closed':
        parent = this.seqOf(e.ref);
        location = parent ? this.locations.names[this.location.get(parent - 1)] : undefined;
        text = `${e.root_cause ?? ''}\n${e.fix ?? ''}`;
        break;
    }
    this.location.set(i, this.locations.intern(location));
    this.staff.set(i, actor && typeof actor.name === 'string' ? this.staffNames.intern(actor.name) : -1);
    this.tokens.set(i, actor && typeof actor.token_id === 'string' ? this.staffNames.intern(actor.token_id) : -1);
    this.rule.set(i, this.rules.intern(rule));
    this.gesture.set(i, this.gestures.intern(gesture));
    this.customer.set(i, this.customers.intern(customer));
    this.value.set(i, value);
    this.needsApproval.set(i, needsApproval);
    this.outcome.set(i, outcome);
    this.reaction.set(i, reaction);
    this.approval.set(i, approval);
    this.finalGesture.set(i, this.gestures.intern(finalGesture));
    this.relHead.set(i, 0);
    this.relNext.set(i, 0);
    this.parent.set(i, parent);
    this.requests.add(e.seq, e.type === 'recommendation' && typeof e.request_id === 'string' ? e.request_id : undefined);
    if (parent) {
      this.relNext.set(i, this.relHead.get(parent - 1));
      this.relHead.set(parent - 1, e.seq);
      this.applyChild(parent, e.seq);
    }
    // NUL separates texts in the saved index; it never matters for search.
    this.text[i] = typeof text === 'string' ? text.toLowerCase().replaceAll('\0', ' ') : '';
    this.count++;
  }

  /** A decision or approval changes how its recommendation stands. */
  private applyChild(parent: number, child: number): void {
    const p = parent - 1;
    const c = child - 1;
    if (this.type.get(p) !== TYPE_CODES.recommendation) return;
    if (this.type.get(c) === TYPE_CODES.decision) {
      this.outcome.set(p, this.outcome.get(c));
      if (this.reaction.get(c)) this.reaction.set(p, this.reaction.get(c));
      if (this.finalGesture.get(c) >= 0) this.finalGesture.set(p, this.finalGesture.get(c));
    } else if (this.type.get(c) === TYPE_CODES.approval) {
      this.approval.set(p, this.approval.get(c));
    } else if (this.type.get(c) === TYPE_CODES.correction) {
      // A new recommendation under the rule staff chose: nothing decided or approved for it yet.
      this.outcome.set(p, 0);
      this.approval.set(p, 0);
      if (this.finalGesture.get(c) >= 0) this.finalGesture.set(p, this.finalGesture.get(c));
    }
  }

  /**
   * Forgets entries after `n` (a saved index that covers more than the log now holds):
   * unlinks them from their parents and restates those parents from the children left.
   */
  truncate(n: number): void {
    if (n >= this.count) return;
    const parents = new Set<number>();
    for (let seq = n + 1; seq <= this.count; seq++) {
      const p = this.parent.get(seq - 1);
      if (p && p <= n) parents.add(p);
    }
    for (const p of parents) {
      let head = this.relHead.get(p - 1);
      while (head > n) head = this.relNext.get(head - 1);
      this.relHead.set(p - 1, head);
      if (this.type.get(p - 1) !== TYPE_CODES.recommendation) continue;
      this.outcome.set(p - 1, 0);
      this.reaction.set(p - 1, 0);
      this.approval.set(p - 1, 0);
      this.finalGesture.set(p - 1, this.gesture.get(p - 1));
      for (const c of this.related(p)) this.applyChild(p, c);
    }
    this.text.length = n;
    this.count = n;
    this.requests.rebuild(n);
  }

  /** All columns, in the order index-snapshot.ts saves them. */
  columns(): Column<Float64Array | Int32Array | Uint32Array | Uint8Array>[] {
    return [
      this.offset, this.length, this.atMs, this.type, this.idTail, this.location, this.staff,
      this.tokens, this.rule, this.gesture, this.outcome, this.relHead, this.relNext,
      this.value, this.needsApproval, this.approval, this.reaction, this.finalGesture, this.customer, this.parent,
      this.requests.hashes,
    ];
  }

  /** The compact view of the entry at seq, from the columns alone. */
  row(seq: number): EntryRow {
    const i = seq - 1;
    const name = (table: Interner, id: number) => table.names[id] ?? null;
    const isRec = this.type.get(i) === TYPE_CODES.recommendation;
    const parent = this.parent.get(i);
    const outcome = this.outcome.get(i);
    const reaction = this.reaction.get(i);
    return {
      seq,
      id: this.idOf(seq),
      type: TYPE_NAMES[this.type.get(i)] as EntryRow['type'],
      at: this.atMs.get(i),
      location: name(this.locations, this.location.get(i)),
      staff: name(this.staffNames, this.staff.get(i)),
      token_id: name(this.staffNames, this.tokens.get(i)),
      rule: name(this.rules, this.rule.get(i)),
      gesture: name(this.gestures, this.gesture.get(i)),
      ref: parent ? this.idOf(parent) : null,
      value: this.value.get(i),
      needs_approval: this.needsApproval.get(i) === 1,
      approval: isRec ? APPROVALS[this.approval.get(i)] ?? 'none' : 'none',
      outcome: isRec && outcome ? (OUTCOMES[outcome - 1] ?? 'none') : 'none',
      reaction: isRec && reaction ? (REACTIONS[reaction - 1] ?? null) : null,
      final_gesture: isRec ? name(this.gestures, this.finalGesture.get(i)) : null,
      customer_ref: name(this.customers, this.customer.get(i)),
    };
  }

  /** The id of the entry at seq, rebuilt from the index. */
  idOf(seq: number): string {
    return `e${String(seq).padStart(6, '0')}-${this.idTail.get(seq - 1).toString(16).padStart(6, '0')}`;
  }

  /** The seq of an id present in the log, or 0. Checks the random part too. */
  seqOf(id: unknown): number {
    if (typeof id !== 'string') return 0;
    const seq = seqOfId(id);
    if (seq === undefined || seq > this.count) return 0;
    return this.idTail.get(seq - 1) === parseInt(id.slice(-6), 16) ? seq : 0;
  }

  /** Seqs of entries related to `seq`, oldest first. */
  related(seq: number): number[] {
    const out: number[] = [];
    for (let s = this.relHead.get(seq - 1); s !== 0; s = this.relNext.get(s - 1)) out.push(s);
    return out.reverse();
  }

  /** The entry's hash as raw bytes (a view). */
  hashBytes(seq: number): Uint8Array {
    return this.hashes.view((seq - 1) * 32, 32);
  }

  hashOf(seq: number): string {
    const v = this.hashes.view((seq - 1) * 32, 32);
    return Buffer.from(v.buffer, v.byteOffset, 32).toString('hex');
  }

  /** Seqs that may hold a recommendation with this request_id (confirm by reading them). */
  requestSeqs(requestId: string): number[] {
    return this.requests.candidates(requestId);
  }
}
