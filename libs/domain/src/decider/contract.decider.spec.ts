import { cmd } from '../testing/contract.harness.js';
import { contractDecider } from './contract.decider.js';
import type { StoredContractEvent } from './contract.events.js';

describe('contractDecider (store-shaped adapter)', () => {
  it('decides with the next stream version and folds stored events', () => {
    let state = contractDecider.initialState();
    const stored: StoredContractEvent[] = [];
    const run = (command: Parameters<typeof contractDecider.decide>[0]) => {
      const now = '2019-02-01T10:00:00Z';
      const events = contractDecider.decide(command, state, { nextVersion: stored.length + 1, now });
      for (const event of events) {
        const recorded = { ...event, streamVersion: stored.length + 1, recordedAt: now };
        stored.push(recorded);
        state = contractDecider.evolve(state, recorded);
      }
      return events;
    };
    run(cmd.register());
    run(cmd.activate());
    run(cmd.refer('P1'));
    run(cmd.enrol('P1', '2019-01-07'));
    run(cmd.start('P1', 'A', '2019-02-04', 20));
    const events = run(cmd.evidence('P1', 'A', 'EA', '2019-02-04', '2019-03-10'));
    expect(events[1].data).toMatchObject({ paymentId: 'aalborg-impact60:P1:JOB_START:1:1', provenance: [4, 5, 6] });
    expect(state.version).toBe(7);
    expect(state.totals.committed).toBe(2000000);
  });
});
