import fc from 'fast-check';
import type { ContractDefinition } from '../contract/contract-definition.js';
import { contractWindow } from '../contract/contract-window.js';
import { DomainError } from '../shared/domain.error.js';
import { cmd, ContractHarness } from '../testing/contract.harness.js';
import { addDays } from '../time/civil-date.js';
import { addIsoWeeks } from '../time/iso-week.js';
import { occurrenceKey } from '../verification/achievement.js';
import { evaluateParticipant } from '../verification/evaluate-participant.js';
import type { ContractCommand } from './contract.commands.js';
import type { RecordedContractEvent } from './contract.events.js';
import { decideBatch } from '../testing/decide-batch.js';

const PARTICIPANTS = ['P1', 'P2', 'P3'] as const;
const ENROLLED_ON = '2019-01-07';

function smallContract(total: number): ContractDefinition {
  return {
    contractId: 'small-contract',
    title: 'Small',
    currency: 'DKK',
    parties: { commissioner: 'c', investor: 'i', provider: 'p' },
    period: { start: '2019-01-01', end: '2019-12-31' },
    targetParticipants: 3,
    outcomes: [
      { code: 'START', trigger: { type: 'placementStart', minHoursPerWeek: 16, kinds: ['ordinary', 'flexjob'] }, price: 1000, maxPerParticipant: 2 },
      { code: 'SUST', trigger: { type: 'employmentSustained', weeks: 2, minHoursPerWeek: 16, continuous: false }, price: 1500, maxPerParticipant: 3 },
      { code: 'RUN', trigger: { type: 'employmentSustained', weeks: 1, minHoursPerWeek: 10, continuous: true }, price: 700, maxPerParticipant: 2 },
      { code: 'FREE', trigger: { type: 'benefitFreeWeeks', weeks: 3, consecutive: true }, price: 2000, maxPerParticipant: 2 },
      { code: 'ANYFREE', trigger: { type: 'benefitFreeWeeks', weeks: 2, consecutive: false }, price: 300, maxPerParticipant: 3 },
    ],
    caps: { perParticipant: 5000, total },
    termination: { method: 'tailPeriod', tailWeeks: 4, evidenceGraceWeeks: 9 },
  };
}

const day = fc.integer({ min: 0, max: 60 }).map((n) => addDays(ENROLLED_ON, n));
const placementId = fc.constantFrom('PL0', 'PL0', 'PL1', 'PL2');
const evidenceId = fc.constantFrom('E0', 'E1', 'E2', 'E3', 'E4', 'E5', 'E6');
const kind = fc.constantFrom<'ordinary' | 'flexjob' | 'education'>('ordinary', 'ordinary', 'ordinary', 'flexjob', 'education');

/** A fact about one participant, as plain data (printable in counterexamples). */
type Action =
  | { op: 'start'; pl: string; d: string; hours: number; k: 'ordinary' | 'flexjob' | 'education' }
  | { op: 'end'; pl: string; d: string }
  | { op: 'correct'; pl: string; startDate?: string; hoursPerWeek?: number; k?: 'ordinary' | 'flexjob' | 'education' }
  | { op: 'evidence'; ev: string; pl: string; from: string; to: string }
  | { op: 'revoke'; ev: string }
  | { op: 'week'; week: string; paid: boolean; source: string }
  | { op: 'withdraw'; d: string };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('start' as const), pl: placementId, d: day, hours: fc.constantFrom(10, 20, 30, 30), k: kind }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('end' as const), pl: placementId, d: day }) },
  {
    weight: 1,
    arbitrary: fc.record(
      { op: fc.constant('correct' as const), pl: placementId, startDate: day, hoursPerWeek: fc.constantFrom(10, 20), k: kind },
      { requiredKeys: ['op', 'pl'] },
    ),
  },
  {
    weight: 4,
    arbitrary: fc
      .tuple(evidenceId, placementId, day, fc.integer({ min: 0, max: 60 }))
      .map(([ev, pl, from, length]): Action => ({ op: 'evidence', ev, pl, from, to: addDays(from, length) })),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('revoke' as const), ev: evidenceId }) },
  {
    weight: 8,
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 9 }), fc.constantFrom(false, false, false, true), fc.constantFrom('DREAM', 'DREAM correction'))
      .map(([w, paid, source]): Action => ({ op: 'week', week: addIsoWeeks('2019-W02', w), paid, source })),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('withdraw' as const), d: fc.integer({ min: 20, max: 120 }).map((n) => addDays(ENROLLED_ON, n)) }) },
);

function toCommand(id: string, a: Action): ContractCommand {
  switch (a.op) {
    case 'start':
      return cmd.start(id, a.pl, a.d, a.hours, a.k);
    case 'end':
      return cmd.end(id, a.pl, a.d);
    case 'correct':
      return cmd.correct(id, a.pl, {
        ...(a.startDate !== undefined ? { startDate: a.startDate } : {}),
        ...(a.hoursPerWeek !== undefined ? { hoursPerWeek: a.hoursPerWeek } : {}),
        ...(a.k !== undefined ? { kind: a.k } : {}),
      });
    case 'evidence':
      return cmd.evidence(id, a.pl, a.ev, a.from, a.to);
    case 'revoke':
      return cmd.revoke(id, a.ev);
    case 'week':
      return cmd.week(id, a.week, a.paid, a.source);
    case 'withdraw':
      return cmd.withdraw(id, a.d);
  }
}

const perParticipantFacts = fc.tuple(...PARTICIPANTS.map(() => fc.array(action, { minLength: 5, maxLength: 40, size: 'medium' })));

function setup(definition: ContractDefinition): ContractHarness {
  const h = new ContractHarness();
  h.run(cmd.register(definition));
  h.run(cmd.activate('2019-01-01'));
  for (const id of PARTICIPANTS) {
    h.run(cmd.refer(id, '2019-01-02'));
    h.run(cmd.enrol(id, ENROLLED_ON));
  }
  return h;
}

/** Runs each command, skipping the refused ones; returns the commands that were accepted. */
function runAll(h: ContractHarness, commands: ContractCommand[]): ContractCommand[] {
  const accepted: ContractCommand[] = [];
  for (const command of commands) {
    try {
      h.run(command);
      accepted.push(command);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }
  return accepted;
}

function interleave(lists: ContractCommand[][], schedule: number[]): ContractCommand[] {
  const queues = lists.map((l) => [...l]);
  const out: ContractCommand[] = [];
  let i = 0;
  while (queues.some((q) => q.length > 0)) {
    const nonEmpty = queues.filter((q) => q.length > 0);
    out.push(nonEmpty[(schedule[i++] ?? 0) % nonEmpty.length].shift()!);
  }
  return out;
}

function openLedger(h: ContractHarness): string[] {
  return [...h.state.ledger.values()]
    .filter((e) => e.reversal === null)
    .map((e) => `${e.participantId}/${e.outcomeCode}/${e.occurrence}/${e.revision}/${e.amount}/${e.achievedOn}`)
    .sort();
}

const commandsOf = (facts: Action[][]) => facts.map((list, i) => list.map((a) => toCommand(PARTICIPANTS[i], a)));

describe('contract decider properties', () => {
  it('never exceeds a cap, never verifies an identity twice, and each reversal gives back exactly what was taken', () => {
    fc.assert(
      fc.property(perParticipantFacts, fc.array(fc.nat()), fc.constantFrom(6000, 9000, 1_000_000), (facts, schedule, total) => {
        const definition = smallContract(total);
        const h = setup(definition);
        const violations: string[] = [];
        for (const command of interleave(commandsOf(facts), schedule)) {
          runAll(h, [command]);
          for (const p of h.state.participants.values()) {
            if (p.totals.committed < 0 || p.totals.committed > definition.caps.perParticipant!) violations.push(`${p.participantId} at ${p.totals.committed}`);
          }
          if (h.state.totals.committed > total) violations.push(`contract at ${h.state.totals.committed}`);
        }
        expect(violations).toEqual([]);
        const verified = new Map<string, number>();
        const reversed = new Set<string>();
        let committed = 0;
        for (const event of h.events) {
          if (event.type === 'OutcomeVerified') {
            expect(verified.has(event.data.paymentId)).toBe(false);
            expect(event.data.amount).toBeGreaterThanOrEqual(0);
            expect(event.data.amount).toBeLessThanOrEqual(event.data.price);
            verified.set(event.data.paymentId, event.data.amount);
            committed += event.data.amount;
          } else if (event.type === 'OutcomeReversed') {
            expect(verified.has(event.data.paymentId)).toBe(true);
            expect(reversed.has(event.data.paymentId)).toBe(false);
            expect(event.data.amount + verified.get(event.data.paymentId)!).toBe(0);
            reversed.add(event.data.paymentId);
            committed += event.data.amount;
          }
        }
        expect(committed).toBe(h.state.totals.committed);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps the ledger equal to a fresh evaluation of every participant', () => {
    fc.assert(
      fc.property(perParticipantFacts, fc.array(fc.nat()), (facts, schedule) => {
        const definition = smallContract(9000);
        const h = setup(definition);
        runAll(h, interleave(commandsOf(facts), schedule));
        for (const p of h.state.participants.values()) {
          const achieved = evaluateParticipant(definition, p.facts, contractWindow(definition, null))
            .map((a) => occurrenceKey(a.outcomeCode, a.occurrence))
            .sort();
          expect([...p.verified.keys()].sort()).toEqual(achieved);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('gives the same final ledger whatever the interleaving of different participants’ facts (non-binding contract cap)', () => {
    fc.assert(
      fc.property(perParticipantFacts, fc.array(fc.nat()), fc.array(fc.nat()), (facts, scheduleA, scheduleB) => {
        const definition = smallContract(1_000_000);
        const a = setup(definition);
        const b = setup(definition);
        runAll(a, interleave(commandsOf(facts), scheduleA));
        runAll(b, interleave(commandsOf(facts), scheduleB));
        expect(openLedger(a)).toEqual(openLedger(b));
        const perParticipantOutcomes = (h: ContractHarness) =>
          PARTICIPANTS.map((id) =>
            h.events
              .filter((e) => (e.type === 'OutcomeVerified' || e.type === 'OutcomeReversed') && e.data.participantId === id)
              .map((e) => `${e.type}/${(e.data as { paymentId: string }).paymentId}/${(e.data as { amount: number }).amount}`),
          );
        expect(perParticipantOutcomes(a)).toEqual(perParticipantOutcomes(b));
      }),
      { numRuns: 150 },
    );
  });

  it('gives the same events whether facts are decided one per call or in any grouping', () => {
    fc.assert(
      fc.property(perParticipantFacts, fc.array(fc.nat()), fc.array(fc.integer({ min: 1, max: 6 })), (facts, schedule, groupSizes) => {
        const definition = smallContract(6000);
        const single = setup(definition);
        const accepted = runAll(single, interleave(commandsOf(facts), schedule));
        const grouped = setup(definition);
        let i = 0;
        let g = 0;
        while (i < accepted.length) {
          const size = groupSizes[g++] ?? 3;
          const events = decideBatch({ commands: accepted.slice(i, i + size), state: grouped.state, now: '2019-01-01T12:00:00Z' });
          grouped.append(events);
          i += size;
        }
        const strip = (events: RecordedContractEvent[]) => events.map(({ type, data, streamVersion }) => ({ type, data, streamVersion }));
        expect(strip(grouped.events)).toEqual(strip(single.events));
      }),
      { numRuns: 100 },
    );
  });
});
