import { cmd, ContractHarness } from '../testing/contract.harness.js';
import { workedExampleHarness } from '../testing/worked-example.js';
import { addIsoWeeks } from '../time/iso-week.js';
import type { RecordedContractEvent } from './contract.events.js';
import { evolve, replay } from './contract.evolve.js';
import { initialContractState } from './contract.state.js';

const workedExample = workedExampleHarness;

describe('evolve', () => {
  it('replaying the recorded events rebuilds the same state', () => {
    const h = workedExample();
    const rebuilt = replay(h.events);
    expect(rebuilt).toEqual(h.state);
    expect(rebuilt.version).toBe(h.events.length);
    expect(rebuilt.totals).toEqual({ committed: 5000000, confirmed: 2000000 });
    const p1 = rebuilt.participants.get('P1')!;
    expect([...p1.verified.keys()].sort()).toEqual(['JOB_13W#1', 'JOB_13W#2', 'JOB_START#1']);
    expect(p1.revisions.get('SELF_SUPPORT_26W#1')).toBe(1);
    expect(p1.facts.benefitWeeks.get('2019-W20')).toMatchObject({ benefitPaid: true });
    expect(p1.facts.placements.get('A')?.positions).toHaveLength(2);
  });

  it('only advances the version for event types it does not know (e.g. later settlement facts)', () => {
    const state = initialContractState();
    const unknown = { type: 'SettlementProposed', data: {}, streamVersion: 1, recordedAt: '2020-01-01T00:00:00Z' } as unknown as RecordedContractEvent;
    evolve(state, unknown);
    expect(state.version).toBe(1);
    expect(state.status).toBe('unregistered');
  });

  it('folds 100,000 events: each participant keeps one record per benefit week (its speed is in `npm run bench`)', () => {
    const h = new ContractHarness();
    h.run(cmd.register());
    h.run(cmd.activate());
    const events: RecordedContractEvent[] = [...h.events];
    let position = events.length;
    const push = (type: string, data: object) =>
      events.push({ type, data, streamVersion: ++position, recordedAt: '2020-01-01T00:00:00Z' } as RecordedContractEvent);
    for (let p = 0; p < 200; p++) {
      const participantId = `P${p}`;
      push('ParticipantReferred', { participantId, referredOn: '2019-01-01', intakeVariant: null, intakeOutcome: 'accepted' });
      push('ParticipantEnrolled', { participantId, enrolledOn: '2019-01-07' });
      for (let w = 0; w < 498; w++)
        push('BenefitWeekRecorded', { participantId, week: addIsoWeeks('2019-W02', w % 200), benefitPaid: w % 7 === 0, source: 'DREAM' });
    }
    expect(events.length).toBeGreaterThanOrEqual(100000);
    const state = replay(events);
    expect(state.participants.size).toBe(200);
    expect(state.participants.get('P199')!.facts.benefitWeeks.size).toBe(200);
    expect(state.version).toBe(events.length);
  });
});
