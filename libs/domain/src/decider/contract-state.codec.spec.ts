import { VersionedMap } from '../shared/versioned-map.js';
import { cmd, type ContractHarness } from '../testing/contract.harness.js';
import { workedExampleHarness } from '../testing/worked-example.js';
import { smallSettlementScenario } from '../testing/settlement.scenario.js';
import { CONTRACT_STATE_FORMAT, decodeContractState, encodeContractState } from './contract-state.codec.js';
import { decide } from './contract.decide.js';
import { asRecorded } from './contract.events.js';
import { evolve } from './contract.evolve.js';
import { initialContractState, type ContractState } from './contract.state.js';

/** The §5 worked example's participant P1, and P2 with a withdrawal, a revoked payslip and corrected weeks. */
function workedExample(): ContractHarness {
  const h = workedExampleHarness();
  h.run(cmd.refer('P2'));
  h.run(cmd.enrol('P2', '2019-01-14'));
  h.run(cmd.start('P2', 'C', '2019-01-21', 25));
  h.run(cmd.evidence('P2', 'C', 'EC', '2019-01-21', '2019-02-28'));
  h.run(cmd.revoke('P2', 'EC'));
  h.run(cmd.week('P2', '2019-W05', true));
  h.run(cmd.week('P2', '2019-W05', false));
  h.run(cmd.withdraw('P2', '2019-03-01'));
  return h;
}

/** The small settlement scenario, terminated, a settlement proposed by one party and agreed by the other. */
function settled(): ContractHarness {
  const h = smallSettlementScenario();
  h.run(cmd.terminate('2019-03-31'));
  const [proposed] = h.run(cmd.propose('investor'), '2019-07-01T10:00:00Z');
  h.run(cmd.agree((proposed.data as { proposalId: number }).proposalId, 'commissioner'), '2019-07-01T10:00:00Z');
  return h;
}

const roundTrip = (state: ContractState): ContractState => decodeContractState(encodeContractState(state));

describe('a contract state encoded and decoded (snapshots)', () => {
  it.each([
    ['the worked example', workedExample],
    ['a terminated, settled contract', settled],
  ])('%s: the decoded state equals the state, at every version of its stream', (_name, build) => {
    const { events } = build();
    const state = initialContractState();
    for (const event of events) {
      evolve(state, event);
      expect(roundTrip(state)).toEqual(state);
    }
    expect(state.participants.size).toBeGreaterThan(0);
    // toEqual does not compare classes: a decoded participant's facts must be versioned maps, as the fold's are.
    for (const participant of roundTrip(state).participants.values()) {
      const { placements, payrollEvidence, benefitWeeks } = participant.facts;
      expect([placements, payrollEvidence, benefitWeeks].map((map) => map instanceof VersionedMap)).toEqual([true, true, true]);
    }
  });

  it('a decoded state evolves and decides as the original does', () => {
    const h = workedExample();
    h.run(cmd.refer('P3'));
    h.run(cmd.enrol('P3', '2019-02-04'));
    h.run(cmd.start('P3', 'D', '2019-03-04', 30));
    const decoded = roundTrip(h.state);
    const now = '2019-12-01T12:00:00Z';
    const command = cmd.evidence('P3', 'D', 'ED', '2019-03-04', '2019-06-30');
    const fromOriginal = decide({ command, state: h.state, nextVersion: h.state.version + 1, now });
    const fromDecoded = decide({ command, state: decoded, nextVersion: decoded.version + 1, now });
    expect(fromDecoded).toEqual(fromOriginal);
    expect(fromOriginal.some((event) => event.type === 'OutcomeVerified')).toBe(true);
    fromOriginal.forEach((event, i) => {
      const recorded = asRecorded(event, h.state.version + 1 + i, now);
      evolve(h.state, recorded);
      evolve(decoded, recorded);
    });
    expect(decoded).toEqual(h.state);
  });

  it('gives back a ledger entry with a field undefined (of an old event) as undefined, not null, and evidence without its source or document as without', () => {
    const h = workedExample();
    const [paymentId, entry] = [...h.state.ledger][0];
    h.state.ledger.set(paymentId, { ...entry, capReason: undefined as unknown as null });
    const { payrollEvidence } = h.state.participants.get('P1')!.facts;
    const [evidenceId, evidence] = [...payrollEvidence][0];
    payrollEvidence.set(evidenceId, { ...evidence, source: undefined, documentSha256: undefined });
    const decoded = roundTrip(h.state);
    expect(decoded).toEqual(h.state);
    expect(decoded.ledger.get(paymentId)!.capReason).toBeUndefined();
    expect([...decoded.ledger.values()].map((e) => e.capReason)).toEqual([...h.state.ledger.values()].map((e) => e.capReason));
    const restored = decoded.participants.get('P1')!.facts.payrollEvidence.get(evidenceId)!;
    expect([restored.source, restored.documentSha256]).toEqual([undefined, undefined]);
    expect(decoded.participants.get('P1')!.facts.payrollEvidence.size).toBe(payrollEvidence.size);
  });

  it('refuses text of another format, or no JSON at all', () => {
    const text = encodeContractState(workedExample().state);
    const other = JSON.stringify({ ...(JSON.parse(text) as object), format: CONTRACT_STATE_FORMAT + 1 });
    expect(() => decodeContractState(other)).toThrow(/format/);
    expect(() => decodeContractState(text.slice(0, text.length / 2))).toThrow();
    expect(() => decodeContractState('null')).toThrow(/format/);
  });
});
