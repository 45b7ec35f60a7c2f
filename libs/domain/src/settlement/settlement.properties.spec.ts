import fc from 'fast-check';
import type { ContractCaps, ContractDefinition, ExpectedValueTermination } from '../contract/contract-definition.js';
import type { ContractCommand } from '../decider/contract.commands.js';
import { decideBatch } from '../testing/decide-batch.js';
import { DomainError } from '../shared/domain.error.js';
import { cmd, ContractHarness } from '../testing/contract.harness.js';
import { addDays } from '../time/civil-date.js';
import { addIsoWeeks } from '../time/iso-week.js';
import { computeSettlement } from './compute-settlement.js';
import type { Settlement } from './settlement.js';
import { whatIfSettlement } from '../decider/contract.what-if.js';
import { contractWindow } from '../contract/contract-window.js';
import { evaluateParticipant } from '../verification/evaluate-participant.js';
import { toEpochDay } from '../time/civil-date.js';
import { participantOutlooks } from './participant-outlook.js';

const PARTICIPANTS = ['P1', 'P2', 'P3', 'P4'] as const;
const ENROLLED_FROM = '2019-01-07';
const NOW = '2019-06-01T12:00:00Z';

function contract(caps: ContractCaps, termination: ExpectedValueTermination): ContractDefinition {
  return {
    contractId: 'settle-props',
    title: 'Settlement properties',
    currency: 'DKK',
    parties: { commissioner: 'c', investor: 'i', provider: 'p' },
    period: { start: '2019-01-01', end: '2019-12-31' },
    targetParticipants: 4,
    outcomes: [
      { code: 'START', trigger: { type: 'placementStart', minHoursPerWeek: 16 }, price: 1000, maxPerParticipant: 2 },
      { code: 'SUST', trigger: { type: 'employmentSustained', weeks: 2, minHoursPerWeek: 16, continuous: false }, price: 1500, maxPerParticipant: 3 },
      { code: 'RUN', trigger: { type: 'employmentSustained', weeks: 1, minHoursPerWeek: 10, continuous: true }, price: 701, maxPerParticipant: 2 },
      { code: 'FREE', trigger: { type: 'benefitFreeWeeks', weeks: 3, consecutive: true }, price: 2000, maxPerParticipant: 2 },
      { code: 'ANYFREE', trigger: { type: 'benefitFreeWeeks', weeks: 2, consecutive: false }, price: 333, maxPerParticipant: 3 },
    ],
    caps,
    termination,
  };
}

const caps: fc.Arbitrary<ContractCaps> = fc
  .record({ perParticipant: fc.constantFrom(undefined, 2000, 3500, 6000), total: fc.constantFrom(undefined, 6000, 9000, 14000, 1_000_000) })
  .map(({ perParticipant, total }) => ({
    ...(perParticipant !== undefined ? { perParticipant } : {}),
    ...(total !== undefined && total >= (perParticipant ?? 0) ? { total } : {}),
  }));

const stagesAndRates = fc.constantFrom<Pick<ExpectedValueTermination, 'stageDays' | 'rates'>>(
  { stageDays: [0, 7, 14], rates: 'estimated' },
  { stageDays: [0, 3], rates: 'estimated' },
  { stageDays: [0, 7, 14], rates: 'kaplanMeier' },
  { stageDays: [0, 3], rates: 'kaplanMeier' },
  { stageDays: [0, 7, 14], rates: { SUST: { '0': '1/3', '7': '2/3' }, FREE: { '14': '5/6' } } },
  { stageDays: [0, 3], rates: { START: { '0': '3/5' }, RUN: { '3': '2/7' } } },
);
const terms: fc.Arbitrary<ExpectedValueTermination> = fc
  .record({
    horizonWeeks: fc.constantFrom(1, 2, 4),
    minSample: fc.constantFrom(1, 3),
    fallbackRate: fc.constantFrom('1/4', '1/1', '0/1'),
    stagesAndRates,
  })
  .map(({ stagesAndRates, ...rest }) => ({ method: 'expectedValue', ...rest, ...stagesAndRates, evidenceGraceWeeks: 9 }));

const day = fc.integer({ min: 0, max: 100 });
type Kind = 'ordinary' | 'flexjob' | 'education';
type Fact =
  | { op: 'start'; pl: string; d: number; hours: number; kind: Kind }
  | { op: 'end'; pl: string; d: number }
  | { op: 'evidence'; ev: string; pl: string; d: number; length: number }
  | { op: 'revoke'; ev: string }
  | { op: 'week'; w: number; paid: boolean }
  | { op: 'withdraw'; d: number }
  | { op: 'confirm'; outcome: string };

const placement = fc.constantFrom('PL0', 'PL0', 'PL1', 'PL2');
const evidence = fc.constantFrom('E0', 'E1', 'E2', 'E3', 'E4');
const fact: fc.Arbitrary<Fact> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('start' as const),
      pl: placement,
      d: day,
      hours: fc.constantFrom(12, 30),
      kind: fc.constantFrom<Kind>('ordinary', 'flexjob'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('end' as const), pl: placement, d: day }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('evidence' as const), ev: evidence, pl: placement, d: day, length: fc.integer({ min: 0, max: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('revoke' as const), ev: evidence }) },
  {
    weight: 6,
    arbitrary: fc.record({ op: fc.constant('week' as const), w: fc.integer({ min: 0, max: 15 }), paid: fc.constantFrom(false, false, false, true) }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('withdraw' as const), d: fc.integer({ min: 5, max: 120 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('confirm' as const), outcome: fc.constantFrom('START', 'SUST', 'FREE') }) },
);

interface Scenario {
  caps: ContractCaps;
  terms: ExpectedValueTermination;
  enrolOffsets: number[];
  facts: Fact[][];
  /** Days after ENROLLED_FROM. */
  terminatedAfter: number;
  /** Where in the sequence of facts the termination is recorded. */
  terminationAt: number;
}

const scenario: fc.Arbitrary<Scenario> = fc.record({
  caps,
  terms,
  enrolOffsets: fc.tuple(...PARTICIPANTS.map(() => fc.integer({ min: 0, max: 40 }))),
  facts: fc.tuple(...PARTICIPANTS.map(() => fc.array(fact, { minLength: 3, maxLength: 25 }))),
  terminatedAfter: fc.integer({ min: 10, max: 120 }),
  terminationAt: fc.double({ min: 0, max: 1, noNaN: true }),
});

/** The scenario under the rates estimator given, whatever its terms said. */
const withRates =
  (rates: 'estimated' | 'kaplanMeier') =>
  (s: Scenario): Scenario => ({ ...s, terms: { ...s.terms, rates } });

const terminatedOn = (s: Scenario) => addDays(ENROLLED_FROM, s.terminatedAfter);

function command(id: string, f: Fact): ContractCommand {
  switch (f.op) {
    case 'start':
      return cmd.start(id, f.pl, addDays(ENROLLED_FROM, f.d), f.hours, f.kind);
    case 'end':
      return cmd.end(id, f.pl, addDays(ENROLLED_FROM, f.d));
    case 'evidence':
      return cmd.evidence(id, f.pl, f.ev, addDays(ENROLLED_FROM, f.d), addDays(ENROLLED_FROM, f.d + f.length));
    case 'revoke':
      return cmd.revoke(id, f.ev);
    case 'week':
      return cmd.week(id, addIsoWeeks('2019-W02', f.w), f.paid);
    case 'withdraw':
      return cmd.withdraw(id, addDays(ENROLLED_FROM, f.d));
    case 'confirm':
      return cmd.confirm(`settle-props:${id}:${f.outcome}:1:1`, `ref-${id}-${f.outcome}`);
  }
}

/** The facts, participants' facts interleaved in turn, without the termination. */
function factCommands(s: Scenario): ContractCommand[] {
  const queues = s.facts.map((list, i) => list.map((f) => command(PARTICIPANTS[i], f)));
  const out: ContractCommand[] = [];
  for (let i = 0; queues.some((q) => q.length > 0); i++) {
    const q = queues[i % queues.length];
    if (q.length > 0) out.push(q.shift()!);
  }
  return out;
}

function setup(s: Scenario): ContractHarness {
  const h = new ContractHarness();
  h.run(cmd.register(contract(s.caps, s.terms)));
  h.run(cmd.activate('2019-01-01'));
  PARTICIPANTS.forEach((id, i) => {
    h.run(cmd.refer(id, '2019-01-02'));
    h.run(cmd.enrol(id, addDays(ENROLLED_FROM, s.enrolOffsets[i])));
  });
  return h;
}

/** Runs each command, skipping the ones the domain refuses; returns those accepted. */
function runAll(h: ContractHarness, commands: readonly ContractCommand[]): ContractCommand[] {
  const accepted: ContractCommand[] = [];
  for (const c of commands) {
    try {
      h.run(c);
      accepted.push(c);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }
  return accepted;
}

/** The whole history with the termination recorded somewhere in it (later facts are late evidence). */
function terminated(s: Scenario): { h: ContractHarness; accepted: ContractCommand[] } {
  const h = setup(s);
  const facts = factCommands(s);
  const at = Math.floor(s.terminationAt * facts.length);
  const accepted = runAll(h, [...facts.slice(0, at), cmd.terminate(terminatedOn(s)), ...facts.slice(at)]);
  return { h, accepted };
}

const byParticipant = (settlement: Settlement) => {
  const sums = new Map<string, number>();
  for (const line of settlement.lines) sums.set(line.participantId, (sums.get(line.participantId) ?? 0) + line.amount);
  return sums;
};

describe('settlement properties', () => {
  it('achieved + future never exceeds a cap, per participant or in total, and the totals add up', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { h } = terminated(s);
        const settlement = computeSettlement(h.state, { now: NOW });
        const { perParticipant, total } = s.caps;
        for (const [id, future] of byParticipant(settlement)) {
          if (perParticipant !== undefined) expect(h.state.participants.get(id)!.totals.committed + future).toBeLessThanOrEqual(perParticipant);
        }
        if (total !== undefined) expect(settlement.achieved + settlement.future).toBeLessThanOrEqual(total);
        expect(settlement.achieved).toBe(h.state.totals.committed);
        expect(settlement.future).toBe(settlement.lines.reduce((sum, l) => sum + l.amount, 0));
        expect(settlement.due).toBe(settlement.achieved - settlement.confirmed + settlement.future);
        for (const line of settlement.lines) {
          expect(Number.isSafeInteger(line.amount) && line.amount >= 0).toBe(true);
          expect(settlement.rates).toContainEqual(
            expect.objectContaining({ outcomeCode: line.outcomeCode, stage: line.stage, rate: line.rate, sampleSize: line.sampleSize }),
          );
        }
      }),
      { numRuns: 150 },
    );
  });

  it('scales the lines to exactly the contract headroom when they exceed it, and leaves them alone when not', () => {
    fc.assert(
      fc.property(
        scenario.filter((s) => s.caps.total !== undefined),
        (s) => {
          const { h } = terminated(s);
          const settlement = computeSettlement(h.state, { now: NOW });
          // The same recorded facts, with the lines left uncapped by the total (a view of the state, not a new history).
          const { total, ...withoutTotal } = h.state.definition!.caps;
          const uncapped = computeSettlement({ ...h.state, definition: { ...h.state.definition!, caps: withoutTotal } }, { now: NOW });
          const headroom = total! - h.state.totals.committed;
          if (uncapped.future > headroom) {
            expect(settlement.future).toBe(headroom);
            settlement.lines.forEach((line, i) => {
              expect(line.amount).toBeLessThanOrEqual(uncapped.lines[i].amount);
              if (line.amount < uncapped.lines[i].amount) expect(line.cutBy).toBe(uncapped.lines[i].cutBy ?? 'contract-cap');
            });
          } else {
            expect(settlement.lines).toEqual(uncapped.lines);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  /** The settlement of the scenario's facts recorded one by one equals that of the same facts decided in groups. */
  const sameHoweverBatched = (s: Scenario, groupSizes: number[]) => {
    const { h: single, accepted } = terminated(s);
    const grouped = setup(s);
    for (let i = 0, g = 0; i < accepted.length; g++) {
      const size = groupSizes[g] ?? 4;
      grouped.append(decideBatch({ commands: accepted.slice(i, i + size), state: grouped.state, now: '2019-01-01T12:00:00Z' }));
      i += size;
    }
    expect(computeSettlement(grouped.state, { now: NOW })).toEqual(computeSettlement(single.state, { now: NOW }));
  };

  it('does not depend on how the same facts were batched: one by one or decided together', () => {
    fc.assert(fc.property(scenario, fc.array(fc.integer({ min: 1, max: 7 })), sameHoweverBatched), { numRuns: 100 });
  });

  it('under rates "kaplanMeier" either, survival tables included', () => {
    fc.assert(fc.property(scenario.map(withRates('kaplanMeier')), fc.array(fc.integer({ min: 1, max: 7 })), sameHoweverBatched), { numRuns: 100 });
  });

  it('rates "kaplanMeier" are p/10000 between 0 and 1 with a survival table, and where no unit is censored before the horizon, the "estimated" rate rounded half up', () => {
    let compared = 0;
    fc.assert(
      fc.property(scenario, (s) => {
        const km = computeSettlement(terminated(withRates('kaplanMeier')(s)).h.state, { now: NOW });
        const estimated = computeSettlement(terminated(withRates('estimated')(s)).h.state, { now: NOW });
        km.rates.forEach((rate, i) => {
          expect(rate.survival).toBeDefined();
          const { units, events, censored } = rate.survival!;
          expect(rate.sampleSize).toBe(units);
          expect(events + censored).toBeLessThanOrEqual(units);
          if (rate.source === 'estimated') expect(rate.rate).toMatch(/^(0|[1-9]\d{0,3}|10000)\/10000$/);
          const other = estimated.rates[i];
          if (censored === 0 && rate.source === 'estimated' && other.source === 'estimated') {
            const [a, c] = other.rate.split('/').map(Number);
            expect([c, events]).toEqual([units, a]);
            expect(rate.rate).toBe(`${Math.floor((20000 * a + c) / (2 * c))}/10000`);
            compared++;
          }
        });
      }),
      { numRuns: 150 },
    );
    expect(compared).toBeGreaterThan(0);
  });

  it("the outlooks' achieved days are the §5 evaluation's, outcome by outcome (they are read without building its achievements)", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { state } = terminated(s).h;
        const definition = state.definition!;
        const window = contractWindow(definition, state.termination);
        for (const outlook of participantOutlooks(state, definition, window, toEpochDay(terminatedOn(s)))) {
          const achievements = evaluateParticipant(definition, outlook.participant.facts, window);
          definition.outcomes.forEach((outcome, i) => {
            const days = achievements.filter((a) => a.outcomeCode === outcome.code).map((a) => toEpochDay(a.achievedOn));
            expect(outlook.outcomes[i].achievedOn).toEqual(days);
          });
        }
      }),
      { numRuns: 100 },
    );
  });

  it('a what-if on day d equals the settlement after a termination on d is recorded', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const h = setup(s);
        runAll(h, factCommands(s));
        const whatIf = whatIfSettlement(h.state, { terminatedOn: terminatedOn(s), now: NOW });
        expect(whatIf.computedAtVersion).toBe(h.state.version);
        h.run(cmd.terminate(terminatedOn(s)));
        const settlement = computeSettlement(h.state, { now: NOW });
        expect({ ...whatIf, computedAtVersion: settlement.computedAtVersion }).toEqual(settlement);
      }),
      { numRuns: 150 },
    );
  });
});
