import {
  filterAsMoves,
  matchesFilter,
  MOVE_BITS,
  OCCURRENCE_FILTERS,
  occurrenceAsOf,
  occurrenceChanges,
  occurrencesView,
  type OccurrenceView,
  occurrenceViewOf,
  paymentStateOfMoves,
} from './index.js';
import type { RecordedEvent } from '#event-store';
import { PAY, stored, workedExample } from './testing/worked-example.fixture.js';

/** What the projection's statements do to the table, in memory (verifications, then reversals, confirmations, recoveries, supersessions). */
function applyToTable(table: Map<string, OccurrenceView>, events: RecordedEvent[]): void {
  const changes = occurrenceChanges(events);
  const set = (paymentId: string, change: Partial<OccurrenceView>): void => {
    const row = table.get(paymentId);
    if (row === undefined) return;
    const next = { ...row, ...change };
    table.set(paymentId, { ...next, state: paymentStateOfMoves(next) });
  };
  for (const r of changes.verified) {
    const existing = table.get(r.payment_id);
    table.set(r.payment_id, {
      paymentId: r.payment_id,
      participantId: r.participant_id,
      outcomeCode: r.outcome_code,
      occurrence: r.occurrence,
      revision: r.revision,
      achievedOn: r.achieved_on,
      price: r.price,
      amount: r.amount,
      capReason: r.cap_reason as OccurrenceView['capReason'],
      termsVersion: r.terms_version,
      provenance: r.provenance,
      status: existing?.status ?? 'verified',
      state: existing?.state ?? 'due',
      verified: { position: r.verified_position, recordedAt: r.verified_at },
      reversal: existing?.reversal ?? null,
      confirmation: existing?.confirmation ?? null,
      recovery: existing?.recovery ?? null,
      supersession: existing?.supersession ?? null,
    });
  }
  for (const r of changes.reversed)
    set(r.payment_id, { status: 'reversed', reversal: { position: r.reversed_position, recordedAt: r.reversed_at, reason: r.reversal_reason } });
  for (const r of changes.confirmed) {
    set(r.payment_id, {
      confirmation: {
        position: r.confirmed_position,
        recordedAt: r.confirmed_at,
        reference: r.confirmation_reference,
        confirmedOn: r.confirmed_on,
        amount: r.confirmed_amount,
      },
    });
  }
  for (const r of changes.recovered) {
    set(r.payment_id, {
      recovery: {
        position: r.recovered_position,
        recordedAt: r.recovered_at,
        reference: r.recovery_reference,
        recoveredOn: r.recovered_on,
        amount: r.recovered_amount,
      },
    });
  }
  for (const r of changes.superseded) {
    set(r.payment_id, {
      supersession: { position: r.superseded_position, recordedAt: r.superseded_at, settlementPaymentId: r.superseded_by, amount: r.superseded_amount },
    });
  }
}

describe('the occurrences table: what the projection writes, and how it is read', () => {
  const { h, rows } = workedExample(6);
  const events = h.stored;
  const byPosition = new Map(events.map((e) => [e.streamVersion, e]));
  const fromState = [...h.state.ledger.values()].map((entry) => occurrenceViewOf(entry, byPosition));

  it('kept in batches of any size, the table holds exactly what the contract state holds', () => {
    for (const size of [1, 7, 50, 1000]) {
      const table = new Map<string, OccurrenceView>();
      for (let i = 0; i < events.length; i += size) applyToTable(table, events.slice(i, i + size));
      expect([...table.values()]).toEqual(fromState);
      // Replaying the whole log over it (a rebuild) leaves it as it was.
      applyToTable(table, events);
      expect([...table.values()]).toEqual(fromState);
    }
  });

  it('skips other streams and keeps, per contract, its last position', () => {
    const other = { ...stored(h.events[0], 'other-contract'), streamVersion: 1 };
    const foreign = { ...events[0], streamId: 'settlement-x' };
    const changes = occurrenceChanges([...events.slice(0, 12), other, foreign]);
    expect(changes.progress).toEqual([
      { contract_id: 'aalborg-impact60', version: 12 },
      { contract_id: 'other-contract', version: 1 },
    ]);
    expect(changes.verified).toEqual([]);
  });

  it('as recorded at an instant: not yet verified rows are left out, later reversals and confirmations hidden', () => {
    const reversed = fromState.find((o) => o.paymentId === PAY('P1', 'SELF_SUPPORT_26W', 1, 1))!;
    expect(occurrenceAsOf(reversed, undefined)).toBe(reversed);
    expect(reversed.state).toBe('to-recover');
    expect(occurrenceAsOf(reversed, rows[4].recordedAt)).toMatchObject({
      status: 'verified',
      state: 'paid',
      reversal: null,
      confirmation: { reference: 'PAY-2' },
    });
    expect(occurrenceAsOf(reversed, rows[3].recordedAt)).toMatchObject({ status: 'verified', state: 'due', reversal: null, confirmation: null });
    expect(occurrenceAsOf(reversed, rows[2].recordedAt)).toBeUndefined();
    expect(occurrenceAsOf(reversed, rows[5].recordedAt)).toBe(reversed);
  });

  it('filters by status', () => {
    const ids = (filter: Parameters<typeof matchesFilter>[1]) => fromState.filter((o) => matchesFilter(o, filter)).map((o) => o.paymentId);
    expect(ids(undefined)).toHaveLength(5);
    expect(ids('verified')).toEqual([
      PAY('P1', 'JOB_START', 1, 1),
      PAY('P1', 'JOB_13W', 1, 1),
      PAY('P1', 'JOB_13W', 2, 1),
      PAY('P1', 'SELF_SUPPORT_26W', 1, 2),
    ]);
    expect(ids('reversed')).toEqual([PAY('P1', 'SELF_SUPPORT_26W', 1, 1)]);
    expect(ids('capped')).toEqual([PAY('P1', 'JOB_13W', 2, 1)]);
    // The state of the money: a capped occurrence of amount 0 is due 0; a paid one reversed since is to recover.
    expect(ids('due')).toEqual([PAY('P1', 'JOB_13W', 1, 1), PAY('P1', 'JOB_13W', 2, 1), PAY('P1', 'SELF_SUPPORT_26W', 1, 2)]);
    expect(ids('paid')).toEqual([PAY('P1', 'JOB_START', 1, 1)]);
    expect(ids('to-recover')).toEqual([PAY('P1', 'SELF_SUPPORT_26W', 1, 1)]);
    for (const state of ['recovered', 'superseded', 'cancelled'] as const) expect(ids(state)).toEqual([]);
  });

  it('says each filter to SQL as the moves and cut it lets through, agreeing with matchesFilter on every row', () => {
    const movesOf = (o: OccurrenceView): number =>
      (o.reversal ? MOVE_BITS.reversed : 0) |
      (o.confirmation ? MOVE_BITS.confirmed : 0) |
      (o.recovery ? MOVE_BITS.recovered : 0) |
      (o.supersession ? MOVE_BITS.superseded : 0);
    expect(filterAsMoves(undefined)).toBeNull();
    // Every combination of moves, on a row at its price and on one cut below it.
    const rows = fromState.flatMap((o) => [o, { ...o, amount: o.price - 1 }]);
    for (const filter of OCCURRENCE_FILTERS) {
      const sql = filterAsMoves(filter)!;
      const passes = (o: OccurrenceView) => sql.moves.includes(movesOf(o)) && (!sql.capped || o.amount < o.price);
      expect({ filter, passed: rows.map(passes) }).toEqual({ filter, passed: rows.map((o) => matchesFilter(o, filter)) });
    }
    // Due: nothing moved (a recovery without a confirmation cannot be recorded; the domain's rule calls it due too).
    expect(filterAsMoves('due')).toEqual({ moves: [0, MOVE_BITS.recovered], capped: false });
  });

  it('cuts a page from the rows read, with the cursor after its last', () => {
    const checkpoint = { transactionId: '1', globalPosition: '1' };
    const snapshot = { streamVersion: h.state.version, projectedVersion: h.state.version, checkpoint, occurrences: fromState };
    const first = occurrencesView('aalborg-impact60', snapshot, { asOf: undefined, now: 'NOW' }, undefined, { limit: 2, after: undefined });
    expect({ ids: first.occurrences.map((o) => o.paymentId), hasMore: first.hasMore }).toEqual({
      ids: fromState.slice(0, 2).map((o) => o.paymentId),
      hasMore: true,
    });
    const rest = occurrencesView('aalborg-impact60', { ...snapshot, occurrences: fromState.slice(2) }, { asOf: undefined, now: 'NOW' }, undefined, {
      limit: 5,
      after: first.next,
    });
    expect({ count: rest.occurrences.length, hasMore: rest.hasMore }).toEqual({ count: fromState.length - 2, hasMore: false });
  });

  it('answers with the version the table reflects and how far behind the log it is', () => {
    const checkpoint = { transactionId: '1040', globalPosition: '40' };
    const lagging = occurrencesView(
      'aalborg-impact60',
      { streamVersion: 50, projectedVersion: 40, checkpoint, occurrences: fromState },
      { asOf: undefined, now: 'NOW' },
      'due',
    );
    expect(lagging).toMatchObject({ asOf: 'NOW', version: 40, filter: 'due', projectedThrough: { ...checkpoint, contractVersion: 40, behind: 10 } });
    expect(lagging.occurrences).toHaveLength(3);
    const earlier = occurrencesView(
      'aalborg-impact60',
      { streamVersion: rows[4].streamVersion, projectedVersion: h.state.version, checkpoint, occurrences: fromState },
      { asOf: rows[4].recordedAt, now: 'NOW' },
      'reversed',
    );
    expect(earlier).toMatchObject({ asOf: rows[4].recordedAt, version: rows[4].streamVersion, projectedThrough: { behind: 0 }, occurrences: [] });
  });
});
