import fc from 'fast-check';
import type { ContractDefinition, TerminationTerms } from '../contract/contract-definition.js';
import type { ContractCommand } from '../decider/contract.commands.js';
import type { RecordedContractEvent } from '../decider/contract.events.js';
import { DomainError } from '../shared/domain.error.js';
import { cmd, ContractHarness } from '../testing/contract.harness.js';
import { addDays } from '../time/civil-date.js';
import { addIsoWeeks } from '../time/iso-week.js';
import { contractPayments, paymentTotals } from './contract-payments.js';
import { PAYMENT_STATES } from './payment-state.js';

// docs/rules.md §7 "No money paid twice, none recovered twice", as a property: random histories of
// facts, payments, recoveries, terminations, proposals, agreements and withdrawals, in random
// order, with a payment service that acts on what it last read of the feed (so its payments and
// recoveries arrive late, around the agreement). At every step each payment identity is in one
// state and paid − recovered + due − to recover is what the rules and the agreement say is owed,
// computed here from the log alone; and a payment service that follows the feed to the end has
// paid and recovered exactly that.

const PARTICIPANTS = ['P1', 'P2', 'P3'] as const;
const DURING = '2019-04-01T10:00:00Z';
const AFTER_GRACE = '2019-09-01T10:00:00Z';

function contract(termination: TerminationTerms, caps: ContractDefinition['caps']): ContractDefinition {
  return {
    contractId: 'money',
    title: 'Money exactly once',
    currency: 'DKK',
    parties: { commissioner: 'c', investor: 'i', provider: 'p' },
    period: { start: '2019-01-01', end: '2019-12-31' },
    targetParticipants: 3,
    outcomes: [
      { code: 'START', trigger: { type: 'placementStart', minHoursPerWeek: 16 }, price: 1000, maxPerParticipant: 1 },
      { code: 'SUST', trigger: { type: 'employmentSustained', weeks: 1, minHoursPerWeek: 16, continuous: false }, price: 3001, maxPerParticipant: 2 },
      { code: 'FREE', trigger: { type: 'benefitFreeWeeks', weeks: 2, consecutive: true }, price: 6000, maxPerParticipant: 2 },
    ],
    caps,
    termination,
  };
}

const termination = fc.constantFrom<TerminationTerms>(
  { method: 'expectedValue', horizonWeeks: 4, rates: 'estimated', minSample: 2, fallbackRate: '1/3', stageDays: [0, 7], evidenceGraceWeeks: 9 },
  { method: 'tailPeriod', tailWeeks: 2, evidenceGraceWeeks: 9 },
);
const caps = fc.constantFrom<ContractDefinition['caps']>({}, { perParticipant: 9000 }, { total: 20000 });
const party = fc.constantFrom('commissioner' as const, 'investor' as const);
const who = fc.constantFrom(...PARTICIPANTS);

type Step =
  | { op: 'week'; p: string; w: number; paid: boolean }
  | { op: 'evidence'; p: string; ev: number; d: number; length: number }
  | { op: 'revoke'; p: string; ev: number }
  | { op: 'terminate'; d: number }
  | { op: 'proposeTermination'; by: 'commissioner' | 'investor'; d: number; tail: boolean }
  | { op: 'acceptTermination'; by: 'commissioner' | 'investor' }
  | { op: 'withdrawTermination'; by: 'commissioner' | 'investor' }
  | { op: 'propose'; by: 'commissioner' | 'investor' }
  | { op: 'accept'; by: 'commissioner' | 'investor' }
  | { op: 'withdraw'; by: 'commissioner' | 'investor' }
  | { op: 'settle'; by: 'commissioner' | 'investor' }
  | { op: 'graceEnds' }
  | { op: 'read' }
  | { op: 'pay'; pick: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({ op: fc.constant('week' as const), p: who, w: fc.integer({ min: 0, max: 6 }), paid: fc.constantFrom(false, false, true) }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('evidence' as const),
      p: who,
      ev: fc.integer({ min: 0, max: 2 }),
      d: fc.integer({ min: 0, max: 30 }),
      length: fc.integer({ min: 0, max: 20 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('revoke' as const), p: who, ev: fc.constantFrom(0, 1, 2, 9, 9) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('terminate' as const), d: fc.integer({ min: 30, max: 90 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('proposeTermination' as const), by: party, d: fc.integer({ min: 30, max: 90 }), tail: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('acceptTermination' as const), by: party }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('withdrawTermination' as const), by: party }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('propose' as const), by: party }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('accept' as const), by: party }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('withdraw' as const), by: party }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('settle' as const), by: party }) },
  { weight: 2, arbitrary: fc.constant({ op: 'graceEnds' as const }) },
  { weight: 3, arbitrary: fc.constant({ op: 'read' as const }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('pay' as const), pick: fc.nat() }) },
);

/**
 * A payment service that knows only what it read of the feed: the events of the feed's types, up
 * to its cursor. It pays what it believes due and collects what it believes to recover.
 */
class FeedFollower {
  private cursor = 0;
  /** Per payment identity, what the feed said of it. */
  private readonly seen = new Map<
    string,
    { amount: number; settlementSide: boolean; reversed: boolean; paid: number | null; settled: boolean; superseded: boolean }
  >();
  cash = 0;

  read(events: readonly RecordedContractEvent[]): void {
    for (; this.cursor < events.length; this.cursor++) {
      const { type, data } = events[this.cursor] as { type: string; data: Record<string, unknown> };
      const id = data.paymentId as string;
      const amount = data.amount as number;
      const known = this.seen.get(id);
      switch (type) {
        case 'OutcomeVerified':
          this.seen.set(id, { amount, settlementSide: false, reversed: false, paid: null, settled: false, superseded: false });
          break;
        case 'SettlementAgreed':
        case 'SettlementAdjusted':
          this.seen.set(id, { amount, settlementSide: true, reversed: false, paid: null, settled: false, superseded: false });
          break;
        case 'OutcomeReversed':
          known!.reversed = true;
          break;
        case 'PaymentConfirmed':
          known!.paid = amount;
          break;
        case 'PaymentRecovered':
        case 'SettlementPaid':
          known!.settled = true;
          break;
        case 'PaymentSuperseded':
          known!.superseded = true;
          break;
        default:
          break;
      }
    }
  }

  /** What it believes an identity still asks: positive to pay, negative to collect. */
  private open(id: string): number {
    const s = this.seen.get(id)!;
    if (s.superseded || s.settled) return 0;
    if (s.settlementSide) return s.amount;
    if (s.paid === null) return s.reversed ? 0 : s.amount;
    return s.reversed ? -s.paid : 0;
  }

  /** The identities it believes it must still move money for. */
  pending(): string[] {
    return [...this.seen.keys()].filter((id) => this.open(id) !== 0);
  }

  /** Pays or collects one of them as it last read it; the service may refuse (then nothing moved). */
  act(h: ContractHarness, paymentId: string, now: string): void {
    const amount = this.open(paymentId);
    const command = amount > 0 ? cmd.confirm(paymentId, `pay-${h.nextVersion}`, '2019-12-01') : cmd.recover(paymentId, `back-${h.nextVersion}`, '2019-12-01');
    const recorded = tryRun(h, command, now);
    for (const event of recorded ?? []) {
      const data = event.data as { amount: number };
      if (event.type === 'PaymentConfirmed') this.cash += data.amount;
      if (event.type === 'PaymentRecovered') this.cash -= data.amount;
      if (event.type === 'SettlementPaid') this.cash += data.amount;
    }
  }
}

function tryRun(h: ContractHarness, command: ContractCommand, now: string): RecordedContractEvent[] | undefined {
  try {
    return h.run(command, now);
  } catch (error) {
    if (error instanceof DomainError) return undefined;
    throw error;
  }
}

/** What the log says is owed: every verified, unreversed amount, or once agreed what the agreed proposal settles (achieved + future). */
function owedByTheLog(events: readonly RecordedContractEvent[]): number {
  const amounts = new Map<string, number>();
  const proposals = new Map<number, { achieved: number; future: number }>();
  for (const { type, data } of events as unknown as Array<{ type: string; data: Record<string, unknown> }>) {
    if (type === 'OutcomeVerified') amounts.set(data.paymentId as string, data.amount as number);
    if (type === 'OutcomeReversed') amounts.delete(data.paymentId as string);
    if (type === 'SettlementProposed') proposals.set(data.proposalId as number, { achieved: data.achieved as number, future: data.future as number });
    if (type === 'SettlementAgreed') {
      const agreed = proposals.get(data.proposalId as number)!;
      return agreed.achieved + agreed.future;
    }
  }
  return [...amounts.values()].reduce((sum, amount) => sum + amount, 0);
}

/** Money that moved, by the log: payments less recoveries (a settlement's or adjustment's payment is signed). */
function movedByTheLog(events: readonly RecordedContractEvent[]): { paid: number; recovered: number } {
  let paid = 0;
  let recovered = 0;
  for (const { type, data } of events as unknown as Array<{ type: string; data: { amount: number } }>) {
    if (type === 'PaymentConfirmed') paid += data.amount;
    if (type === 'PaymentRecovered') recovered += data.amount;
    if (type === 'SettlementPaid') {
      if (data.amount >= 0) paid += data.amount;
      else recovered -= data.amount;
    }
  }
  return { paid, recovered };
}

function checkMoney(h: ContractHarness): void {
  const payments = contractPayments(h.state);
  const ids = payments.map((p) => p.paymentId);
  expect(new Set(ids).size).toBe(ids.length);
  for (const p of payments) expect(PAYMENT_STATES).toContain(p.state);
  const due = payments.reduce((sum, p) => sum + Math.max(p.open, 0), 0);
  const toRecover = payments.reduce((sum, p) => sum + Math.max(-p.open, 0), 0);
  const { paid, recovered } = movedByTheLog(h.events);
  const owed = owedByTheLog(h.events);
  expect({ invariant: paid - recovered + due - toRecover }).toEqual({ invariant: owed });
  expect(paymentTotals(h.state)).toMatchObject({ paid, recovered, due, toRecover, owed });

  const agreement = h.state.settlement.agreement;
  if (agreement === null) {
    expect(payments.filter((p) => p.state === 'superseded')).toEqual([]);
    return;
  }
  // Superseded are exactly the identities the agreement listed, and none of them asks for money.
  expect(
    payments
      .filter((p) => p.state === 'superseded')
      .map((p) => p.paymentId)
      .sort(),
  ).toEqual([...agreement.supersedes].sort());
  // After the agreement no outcome payment is due: the settlement pays what was open.
  expect(payments.filter((p) => p.kind === 'outcome' && p.state === 'due')).toEqual([]);
}

function command(s: Exclude<Step, { op: 'graceEnds' | 'read' | 'pay' | 'settle' }>, h: ContractHarness): ContractCommand | undefined {
  const latest = (list: readonly { proposalId: number }[]): number => list.at(-1)?.proposalId ?? 1;
  const start = '2019-01-07';
  switch (s.op) {
    case 'week':
      return cmd.week(s.p, addIsoWeeks('2019-W02', s.w), s.paid);
    case 'evidence':
      return cmd.evidence(s.p, 'A', `${s.p}-E${s.ev}`, addDays(start, s.d), addDays(start, s.d + s.length));
    case 'revoke':
      return cmd.revoke(s.p, `${s.p}-E${s.ev}`);
    case 'terminate':
      return cmd.terminate(addDays(start, s.d));
    case 'proposeTermination': {
      const own = h.state.definition!.termination;
      const terms = s.tail ? { method: 'tailPeriod', tailWeeks: 1 } : own;
      return cmd.proposeTermination(s.by, addDays(start, s.d), terms);
    }
    case 'acceptTermination':
      return cmd.acceptTermination(latest(h.state.terminationProposals), s.by);
    case 'withdrawTermination':
      return cmd.withdrawTermination(latest(h.state.terminationProposals), s.by);
    case 'propose':
      return cmd.propose(s.by);
    case 'accept':
      return cmd.agree(latest(h.state.settlement.proposals), s.by);
    case 'withdraw':
      return cmd.withdrawProposal(latest(h.state.settlement.proposals), s.by);
  }
}

function history(definition: ContractDefinition): ContractHarness {
  const h = new ContractHarness(DURING);
  h.run(cmd.register(definition));
  h.run(cmd.activate('2019-01-01'));
  for (const p of PARTICIPANTS) {
    h.run(cmd.refer(p, '2019-01-02'));
    h.run(cmd.enrol(p, '2019-01-07'));
    h.run(cmd.start(p, 'A', '2019-01-07'));
    // A first week of work: START on Jan 7, SUST #1 on Jan 13.
    h.run(cmd.evidence(p, 'A', `${p}-E9`, '2019-01-07', '2019-01-13'));
  }
  return h;
}

/** Runs the steps, checking the money after each, then lets the follower settle everything: it must end even. */
function playOut(definition: ContractDefinition, steps: readonly Step[]): ContractHarness {
  const h = history(definition);
  const follower = new FeedFollower();
  let now = DURING;
  checkMoney(h);
  for (const s of steps) {
    if (s.op === 'graceEnds') now = AFTER_GRACE;
    else if (s.op === 'read') follower.read(h.events);
    else if (s.op === 'pay') {
      const pending = follower.pending();
      if (pending.length > 0) follower.act(h, pending[s.pick % pending.length], now);
    } else if (s.op === 'settle') {
      // One party proposes the settlement as it stands, the other accepts it at once (refused while provisional).
      tryRun(h, cmd.propose(s.by), now);
      tryRun(h, cmd.agree(h.state.settlement.proposals.at(-1)?.proposalId ?? 1, s.by === 'commissioner' ? 'investor' : 'commissioner'), now);
    } else {
      const next = command(s, h);
      if (next !== undefined) tryRun(h, next, now);
    }
    checkMoney(h);
  }
  // To the end: the follower reads the feed and settles everything it is asked to, until nothing is open.
  for (let round = 0; round < 20; round++) {
    follower.read(h.events);
    const pending = follower.pending();
    if (pending.length === 0) break;
    for (const paymentId of pending) follower.act(h, paymentId, now);
    checkMoney(h);
  }
  expect(follower.pending()).toEqual([]);
  expect(contractPayments(h.state).filter((p) => p.open !== 0)).toEqual([]);
  expect(follower.cash).toBe(owedByTheLog(h.events));
  return h;
}

/** Facts that take a verified occurrence back (a revoked payslip, a week found paid after all). */
const corrections = fc.oneof(
  fc.record({ op: fc.constant('revoke' as const), p: who, ev: fc.constant(9) }),
  fc.record({ op: fc.constant('week' as const), p: who, w: fc.integer({ min: 0, max: 6 }), paid: fc.constant(true) }),
);
const follow = fc.oneof(fc.constant({ op: 'read' as const }), fc.record({ op: fc.constant('pay' as const), pick: fc.nat() }));
const facts = step.filter((s) => s.op === 'week' || s.op === 'evidence' || s.op === 'revoke');
/** Facts and payments, a termination, late facts, the grace's end and the agreement, with the payment service acting throughout on what it last read. */
const lifetime: fc.Arbitrary<Step[]> = fc
  .tuple(
    fc.array(fc.oneof({ weight: 3, arbitrary: facts }, { weight: 3, arbitrary: follow }), { maxLength: 40 }),
    fc.oneof(
      fc.record({ op: fc.constant('terminate' as const), d: fc.integer({ min: 0, max: 35 }) }),
      fc.record({ op: fc.constant('proposeTermination' as const), by: party, d: fc.integer({ min: 0, max: 35 }), tail: fc.boolean() }),
    ),
    party,
    fc.array(fc.oneof({ weight: 1, arbitrary: facts }, { weight: 1, arbitrary: corrections }, { weight: 2, arbitrary: follow }), { maxLength: 20 }),
    party,
    fc.array(follow, { maxLength: 12 }),
    fc.array(follow, { maxLength: 12 }),
  )
  .map(([before, termination, acceptor, grace, settler, aroundAgreement, after]) => [
    ...before,
    termination,
    ...(termination.op === 'proposeTermination'
      ? [
          {
            op: 'acceptTermination' as const,
            by: acceptor === termination.by ? (acceptor === 'commissioner' ? ('investor' as const) : ('commissioner' as const)) : acceptor,
          },
        ]
      : []),
    ...grace,
    { op: 'graceEnds' as const },
    // The payment service's reads and payments race the agreement: some land before it, some after.
    ...aroundAgreement,
    { op: 'settle' as const, by: settler },
    ...after,
  ]);

describe('money exactly once around a settlement (docs/rules.md §7)', () => {
  it('in a contract’s life with a termination and an agreement, the payment service acting throughout: the money adds up at every step and ends even', () => {
    fc.assert(
      fc.property(termination, caps, lifetime, (terms, cap, steps) => {
        const h = playOut(contract(terms, cap), steps);
        expect(h.state.settlement.agreement).not.toBeNull();
      }),
      { numRuns: 200 },
    );
  });

  it('in any order of facts, payments, recoveries, terminations, proposals, acceptances and withdrawals: the same', () => {
    fc.assert(
      fc.property(termination, caps, fc.array(step, { minLength: 10, maxLength: 90 }), (terms, cap, steps) => {
        playOut(contract(terms, cap), steps);
      }),
      { numRuns: 200 },
    );
  });
});
