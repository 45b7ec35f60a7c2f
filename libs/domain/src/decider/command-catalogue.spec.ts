import { sameJson } from '../shared/canonical-json.js';
import { cmd } from '../testing/contract.harness.js';
import { smallSettlementScenario } from '../testing/settlement.scenario.js';
import { commandOfFact } from './command-catalogue.js';
import { decide } from './contract.decide.js';
import { DERIVED_EVENT_TYPES, type RecordedContractEvent } from './contract.events.js';
import { evolve } from './contract.evolve.js';
import { initialContractState } from './contract.state.js';

describe('the command catalogue: every fact can be read back into the command it was decided from', () => {
  it('replays a contract through proposals, termination, agreement, payments, recoveries and adjustments to exactly the events it recorded', () => {
    const h = smallSettlementScenario();
    const later = '2019-07-01T10:00:00Z';
    // Paid before the termination: FREE (Feb 3) is then reversed by a termination effective Jan 20.
    h.run(cmd.confirm('small-contract:P1:FREE:1:1', 'pay-free', '2019-02-10'));
    h.run(cmd.confirm('small-contract:P1:SUST:1:1', 'pay-sust', '2019-02-10'));
    h.run(cmd.proposeTermination('investor', '2019-01-20', 'expectedValue'), later);
    h.run(cmd.withdrawTermination(1, 'investor'), later);
    h.run(cmd.proposeTermination('commissioner', '2019-01-20', 'expectedValue'), later);
    h.run(cmd.acceptTermination(2, 'investor'), later);
    h.run(cmd.propose('investor'), later);
    h.run(cmd.withdrawProposal(1, 'investor'), later);
    h.run(cmd.propose('commissioner'), later);
    const agreed = h.run(cmd.agree(2, 'investor'), later);
    const paymentId = (agreed.find((e) => e.type === 'SettlementAgreed')!.data as { paymentId: string }).paymentId;
    h.run(cmd.confirm(paymentId, 'UDB-1', '2019-07-02'), later);
    // Money that moved after the agreement for what it netted: two adjustments, settled.
    h.run(cmd.recover('small-contract:P1:FREE:1:1', 'back-free', '2019-07-03'), later);
    h.run(cmd.confirm('small-contract:P1:START:1:1', 'pay-start', '2019-07-03'), later);
    h.run(cmd.confirm('small-contract:adjustment:1', 'pay-adj', '2019-07-04'), later);
    h.run(cmd.recover('small-contract:adjustment:2', 'back-adj', '2019-07-04'), later);

    const events: readonly RecordedContractEvent[] = h.events;
    const seen = new Set<string>();
    const state = initialContractState();
    for (let i = 0; i < events.length;) {
      const fact = events[i];
      seen.add(fact.type);
      const command = commandOfFact(fact);
      expect({ type: fact.type, isFact: command !== undefined }).toEqual({ type: fact.type, isFact: true });
      const decided = decide({ command: command!, state, nextVersion: fact.streamVersion, now: fact.recordedAt });
      const recorded = events.slice(i, i + decided.length);
      // What follows a fact is derived from it; an accepted termination proposal derives the termination itself.
      const derivedHere = (e: RecordedContractEvent): boolean =>
        DERIVED_EVENT_TYPES.has(e.type) || (fact.type === 'TerminationAccepted' && e.type === 'ContractTerminated');
      expect(recorded.slice(1).every(derivedHere)).toBe(true);
      expect(
        sameJson(
          decided,
          recorded.map(({ type, data }) => ({ type, data })),
        ),
      ).toBe(true);
      for (const event of recorded) {
        seen.add(event.type);
        evolve(state, event);
      }
      i += decided.length;
    }
    expect([...seen].sort()).toEqual(
      expect.arrayContaining([
        'TerminationProposed',
        'TerminationProposalWithdrawn',
        'TerminationAccepted',
        'ContractTerminated',
        'OutcomeReversed',
        'SettlementProposed',
        'SettlementProposalWithdrawn',
        'SettlementAccepted',
        'SettlementAgreed',
        'PaymentSuperseded',
        'SettlementPaid',
        'PaymentConfirmed',
        'PaymentRecovered',
        'SettlementAdjusted',
        'OutcomeVerified',
      ]),
    );
    expect(h.state.settlement.adjustments.map((a) => [a.amount, a.cause, a.settled?.reference])).toEqual([
      [6000, 'recovered-after-agreement', 'pay-adj'],
      [-1000, 'paid-after-agreement', 'back-adj'],
    ]);
  });

  it('takes a derived event for no fact', () => {
    for (const type of DERIVED_EVENT_TYPES) expect(commandOfFact({ type, data: {} })).toBeUndefined();
    expect(commandOfFact({ type: 'SomethingElse', data: {} })).toBeUndefined();
  });
});
