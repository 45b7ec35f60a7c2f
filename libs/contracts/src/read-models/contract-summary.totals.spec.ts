import fc from 'fast-check';
import {
  addDays,
  addIsoWeeks,
  type ContractCommand,
  contractPayments,
  type ContractState,
  DomainError,
  evolve,
  initialContractState,
  type RecordedContractEvent,
} from '#domain';
import { cmd, ContractHarness } from '#domain/testing/contract.harness.js';
import { smallSettlementContract } from '#domain/testing/settlement.scenario.js';
import { emptySummaryTotals, evolveSummaryTotals } from './contract-summary.totals.js';
import { contractSummaryView, summaryKeyOf, summaryViewOf } from './contract-summary.view.js';
import { workedExample } from './testing/worked-example.fixture.js';

// The summary's running totals (contract-summary.totals.ts) against the full recompute: after
// every event of a contract's log, the summary from the totals kept event by event is, to the
// byte of its JSON, the summary computed from the whole state folded to that event. And the key
// the command side stores a summary by (summaryKeyOf): wherever two states have the same key, the
// summaries stored for them (all but version and asOf) are the same.

/** Folds the log keeping the totals, and compares the two summaries after each event; returns how many were compared and how many keys were new. */
function expectTotalsExactAfterEveryEvent(events: readonly RecordedContractEvent[]): { compared: number; keys: number } {
  let state: ContractState = initialContractState();
  const totals = emptySummaryTotals();
  let compared = 0;
  const storedByKey = new Map<string, string>();
  for (const event of events) {
    state = evolveSummaryTotals(totals, state, event, evolve);
    if (state.definition === null) continue;
    const stored = JSON.stringify({ ...summaryViewOf(state, totals, 'AS-OF'), version: undefined });
    const key = summaryKeyOf(state, totals);
    const sameKey = storedByKey.get(key);
    if (sameKey !== undefined && sameKey !== stored)
      expect({ version: event.streamVersion, key, summary: JSON.parse(stored) }).toEqual({ version: event.streamVersion, key, summary: JSON.parse(sameKey) });
    storedByKey.set(key, stored);
    const incremental = JSON.stringify(summaryViewOf(state, totals, 'AS-OF'));
    const full = JSON.stringify(contractSummaryView(state, 'AS-OF'));
    if (incremental !== full)
      expect({ version: event.streamVersion, summary: JSON.parse(incremental) }).toEqual({ version: event.streamVersion, summary: JSON.parse(full) });
    compared += 1;
  }
  return { compared, keys: storedByKey.size };
}

const PARTICIPANTS = ['P1', 'P2', 'P3', 'P4'] as const;
const START = '2019-01-07';
const DURING = '2019-04-01T10:00:00Z';
const AFTER_GRACE = '2019-09-01T10:00:00Z';

function definition(perParticipant: number | undefined, total: number | undefined): Record<string, unknown> {
  const caps = { ...(perParticipant === undefined ? {} : { perParticipant }), ...(total === undefined ? {} : { total }) };
  return smallSettlementContract({ caps, termination: { method: 'tailPeriod', tailWeeks: 2, evidenceGraceWeeks: 9 } });
}

type Step =
  | { op: 'refer'; p: string; rejected: boolean }
  | { op: 'enrol'; p: string }
  | { op: 'withdraw'; p: string; d: number }
  | { op: 'start'; p: string; pl: string; d: number; hours: number }
  | { op: 'week'; p: string; w: number; paid: boolean }
  | { op: 'evidence'; p: string; pl: string; ev: number; d: number; length: number }
  | { op: 'revoke'; p: string; ev: number }
  | { op: 'pay'; pick: number }
  | { op: 'amend'; perParticipant: number | undefined; dropFree: boolean; startPrice: number }
  | { op: 'terminate'; d: number }
  | { op: 'settle'; by: 'commissioner' | 'investor' }
  | { op: 'graceEnds' };

const who = fc.constantFrom(...PARTICIPANTS);
const placement = fc.constantFrom('A', 'B');
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ op: fc.constant('refer' as const), p: who, rejected: fc.constantFrom(false, false, false, true) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('enrol' as const), p: who }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('withdraw' as const), p: who, d: fc.integer({ min: 10, max: 60 }) }) },
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant('start' as const), p: who, pl: placement, d: fc.integer({ min: 0, max: 30 }), hours: fc.constantFrom(10, 20, 30) }),
  },
  {
    weight: 6,
    arbitrary: fc.record({ op: fc.constant('week' as const), p: who, w: fc.integer({ min: 0, max: 8 }), paid: fc.constantFrom(false, false, true) }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('evidence' as const),
      p: who,
      pl: placement,
      ev: fc.integer({ min: 0, max: 3 }),
      d: fc.integer({ min: 0, max: 30 }),
      length: fc.integer({ min: 0, max: 20 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('revoke' as const), p: who, ev: fc.constantFrom(0, 1, 9, 9) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('pay' as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('amend' as const),
      perParticipant: fc.constantFrom(undefined, 7000, 12000),
      dropFree: fc.boolean(),
      startPrice: fc.constantFrom(1000, 1200),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('terminate' as const), d: fc.integer({ min: 20, max: 60 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('settle' as const), by: fc.constantFrom('commissioner' as const, 'investor' as const) }) },
  { weight: 1, arbitrary: fc.constant({ op: 'graceEnds' as const }) },
);

function tryRun(h: ContractHarness, command: ContractCommand, now: string): void {
  try {
    h.run(command, now);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
  }
}

function commandOf(s: Exclude<Step, { op: 'graceEnds' | 'settle' }>, h: ContractHarness): ContractCommand | undefined {
  switch (s.op) {
    case 'refer':
      return cmd.refer(s.p, '2019-01-02', s.rejected ? 'rejected' : 'accepted');
    case 'enrol':
      return cmd.enrol(s.p, START);
    case 'withdraw':
      return cmd.withdraw(s.p, addDays(START, s.d));
    case 'start':
      return cmd.start(s.p, s.pl, addDays(START, s.d), s.hours);
    case 'week':
      return cmd.week(s.p, addIsoWeeks('2019-W02', s.w), s.paid);
    case 'evidence':
      return cmd.evidence(s.p, s.pl, `${s.p}-E${s.ev}`, addDays(START, s.d), addDays(START, s.d + s.length));
    case 'revoke':
      return cmd.revoke(s.p, `${s.p}-E${s.ev}`);
    case 'pay': {
      // Pays what is due, collects what is to recover: the payment service's part.
      const open = contractPayments(h.state).filter((p) => p.kind === 'outcome' && p.open !== 0);
      const picked = open[s.pick % Math.max(open.length, 1)];
      if (picked === undefined) return undefined;
      return picked.open > 0 ? cmd.confirm(picked.paymentId, `pay-${h.nextVersion}`) : cmd.recover(picked.paymentId, `back-${h.nextVersion}`);
    }
    case 'amend': {
      const current = h.state.definition!;
      const outcomes = current.outcomes.filter((o) => !(s.dropFree && o.code === 'FREE')).map((o) => (o.code === 'START' ? { ...o, price: s.startPrice } : o));
      const caps = {
        ...(s.perParticipant === undefined ? {} : { perParticipant: s.perParticipant }),
        ...(current.caps.total === undefined ? {} : { total: current.caps.total }),
      };
      return cmd.amend({ ...current, outcomes, caps });
    }
    case 'terminate':
      return cmd.terminate(addDays(START, s.d));
  }
}

function play(perParticipant: number | undefined, total: number | undefined, steps: readonly Step[]): ContractHarness {
  const h = new ContractHarness(DURING);
  h.run(cmd.register(definition(perParticipant, total)));
  h.run(cmd.activate('2019-01-01'));
  // Three participants with a first week of work (START, SUST #1 verified); the fourth is left to the steps.
  for (const p of PARTICIPANTS.slice(0, 3)) {
    h.run(cmd.refer(p, '2019-01-02'));
    h.run(cmd.enrol(p, START));
    h.run(cmd.start(p, 'A', START));
    h.run(cmd.evidence(p, 'A', `${p}-E9`, START, '2019-01-13'));
  }
  let now = DURING;
  for (const s of steps) {
    if (s.op === 'graceEnds') now = AFTER_GRACE;
    else if (s.op === 'settle') {
      tryRun(h, cmd.propose(s.by), now);
      tryRun(h, cmd.agree(h.state.settlement.proposals.at(-1)?.proposalId ?? 1, s.by === 'commissioner' ? 'investor' : 'commissioner'), now);
    } else {
      const command = commandOf(s, h);
      if (command !== undefined) tryRun(h, command, now);
    }
  }
  return h;
}

describe('the contract summary’s running totals', () => {
  it('the worked example (docs/rules.md §5): after every event, the same summary as the full recompute', () => {
    const { h } = workedExample();
    const { compared, keys } = expectTotalsExactAfterEveryEvent(h.events);
    expect(compared).toBe(h.events.length);
    // Most of its events (benefit weeks, evidence that verifies nothing) leave the summary as it was.
    expect(keys).toBeLessThan(compared / 2);
  });

  it('generated contracts with amendments, terminations, settlements, reversals and payments confirmed, recovered, superseded: after every event, the same, and the same stored summary wherever the key is the same', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        fc.constantFrom(undefined, 7000, 12000),
        fc.constantFrom(undefined, 15000),
        fc.array(step, { minLength: 20, maxLength: 120 }),
        (perParticipant, total, steps) => {
          const h = play(perParticipant, total, steps);
          for (const event of h.events) seen.add(event.type);
          expectTotalsExactAfterEveryEvent(h.events);
        },
      ),
      { numRuns: 150 },
    );
    // The generator reaches what the totals must follow.
    for (const type of [
      'ContractAmended',
      'ContractTerminated',
      'OutcomeReversed',
      'PaymentConfirmed',
      'PaymentRecovered',
      'PaymentSuperseded',
      'SettlementAgreed',
    ])
      expect([...seen]).toContain(type);
  });
});
