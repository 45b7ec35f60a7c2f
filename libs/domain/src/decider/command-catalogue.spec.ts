import { sameJson } from '../shared/canonical-json.js';
import { cmd } from '../testing/contract.harness.js';
import { smallSettlementScenario } from '../testing/settlement.scenario.js';
import { commandOfFact } from './command-catalogue.js';
import { decide } from './contract.decide.js';
import { DERIVED_EVENT_TYPES, type ContractEventType, type RecordedContractEvent } from './contract.events.js';
import { evolve } from './contract.evolve.js';
import { initialContractState } from './contract.state.js';

describe('the command catalogue: every fact can be read back into the command it was decided from', () => {
  it('replays a contract through termination, agreement and payment to exactly the events it recorded', () => {
    const h = smallSettlementScenario();
    const later = '2019-07-01T10:00:00Z';
    h.run(cmd.terminate('2019-03-31'), later);
    h.run(cmd.propose('investor'), later);
    h.run(cmd.agree(1, 'commissioner'), later);
    const agreed = h.run(cmd.agree(1, 'investor'), later);
    const paymentId = (agreed.find((e) => e.type === 'SettlementAgreed')!.data as { paymentId: string }).paymentId;
    h.run(cmd.confirm(paymentId, 'UDB-1', '2019-07-02'), later);

    const events: readonly RecordedContractEvent[] = h.events;
    const seen = new Set<string>();
    const state = initialContractState();
    for (let i = 0; i < events.length; ) {
      const fact = events[i];
      seen.add(fact.type);
      const command = commandOfFact(fact);
      expect({ type: fact.type, isFact: command !== undefined }).toEqual({ type: fact.type, isFact: true });
      const decided = decide({ command: command!, state, nextPosition: fact.streamPosition, now: fact.recordedAt });
      const recorded = events.slice(i, i + decided.length);
      expect(recorded.slice(1).every((e) => DERIVED_EVENT_TYPES.has(e.type as ContractEventType))).toBe(true);
      expect(sameJson(decided, recorded.map(({ type, data }) => ({ type, data })))).toBe(true);
      for (const event of recorded) {
        seen.add(event.type);
        evolve(state, event);
      }
      i += decided.length;
    }
    expect([...seen].sort()).toEqual(expect.arrayContaining(['ContractTerminated', 'SettlementProposed', 'SettlementAccepted', 'SettlementAgreed', 'SettlementPaid', 'OutcomeVerified']));
  });

  it('takes a derived event for no fact', () => {
    for (const type of DERIVED_EVENT_TYPES) expect(commandOfFact({ type, data: {} })).toBeUndefined();
    expect(commandOfFact({ type: 'SomethingElse', data: {} })).toBeUndefined();
  });
});
