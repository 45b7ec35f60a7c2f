import { DomainError } from '../shared/domain.error.js';
import { cmd, ContractHarness, weekRange } from './contract.harness.js';
import { decide } from '../decider/contract.decide.js';
import type { ContractState } from '../decider/contract.state.js';
import { decideBatch } from './decide-batch.js';

/** Deep snapshot of a state, Maps included. */
const snapshot = (state: ContractState) => JSON.stringify(state, (_key, value: unknown) => (value instanceof Map ? [...value] : value));

function ready(): ContractHarness {
  const h = new ContractHarness();
  h.run(cmd.register());
  h.run(cmd.activate());
  h.run(cmd.refer('P1'));
  h.run(cmd.enrol('P1', '2019-01-07'));
  for (const week of weekRange(2019, 6, 30)) h.run(cmd.week('P1', week, false));
  return h;
}

describe('decide and decideBatch never modify the given state', () => {
  it('decide derives outcomes on a copy', () => {
    const h = ready();
    const before = snapshot(h.state);
    const events = decide({ command: cmd.week('P1', '2019-W31', false), state: h.state });
    expect(events.map((e) => e.type)).toEqual(['BenefitWeekRecorded', 'OutcomeVerified']);
    expect(snapshot(h.state)).toBe(before);
  });

  it('decideBatch decides in sequence on a copy, all or nothing', () => {
    const h = ready();
    const before = snapshot(h.state);
    const events = decideBatch({ commands: [cmd.week('P1', '2019-W31', false), cmd.week('P1', '2019-W20', true)], state: h.state });
    expect(events.map((e) => e.type)).toEqual(['BenefitWeekRecorded', 'OutcomeVerified', 'BenefitWeekRecorded', 'OutcomeReversed']);
    expect(events[3].data).toMatchObject({ provenance: [h.state.version + 3] });
    expect(snapshot(h.state)).toBe(before);
    expect(() => decideBatch({ commands: [cmd.week('P1', '2019-W31', false), cmd.week('P1', '2019-W53', false)], state: h.state })).toThrow(DomainError);
    expect(snapshot(h.state)).toBe(before);
  });
});
