import { participantTimelineView } from './index.js';
import { replay, type RecordedContractEvent } from '#domain';
import { cmd, PAY, workedExample } from './testing/worked-example.fixture.js';

describe('participantTimelineView: a participant’s facts and occurrences in log order', () => {
  it('shows only the participant’s facts, outcomes and payments, in log order, with what superseded what', () => {
    const { h, rows } = workedExample(6);
    h.record(cmd.revoke('P1', 'EB2'));
    const view = participantTimelineView(h.state, h.stored, 'P1', 'AS-OF')!;
    const own = h.events.filter(
      (e) => (e.data as { participantId?: string }).participantId === 'P1' || (e.type === 'PaymentConfirmed' && e.data.paymentId.includes(':P1:')),
    );
    expect(view.timeline.map((e) => e.position)).toEqual(own.map((e) => e.streamVersion));
    expect(view).toMatchObject({
      contractId: 'aalborg-impact60',
      asOf: 'AS-OF',
      version: h.state.version,
      participant: { participantId: 'P1', status: 'enrolled' },
    });
    expect(view.timeline[0]).toMatchObject({ type: 'ParticipantReferred', kind: 'fact', actor: 'commissioner:aalborg-kommune', supersededBy: null });
    expect(view.timeline.filter((e) => e.kind === 'payment').map((e) => (e.data as { reference: string }).reference)).toEqual(['PAY-1', 'PAY-2']);

    const at = (position: number) => view.timeline.find((e) => e.position === position)!;
    const w20 = view.timeline.filter((e) => e.type === 'BenefitWeekRecorded' && (e.data as { week: string }).week === '2019-W20');
    expect(w20.map((e) => e.supersededBy)).toEqual([w20[1].position, null]);
    const reversedVerification = view.timeline.find(
      (e) => e.type === 'OutcomeVerified' && (e.data as { paymentId: string }).paymentId === PAY('P1', 'SELF_SUPPORT_26W', 1, 1),
    )!;
    expect(reversedVerification).toMatchObject({ kind: 'outcome', supersededBy: rows[5].streamVersion });
    expect(at(rows[5].streamVersion)).toMatchObject({ type: 'OutcomeReversed', kind: 'outcome', supersededBy: null });
    const eb2 = view.timeline.find((e) => e.type === 'PayrollEvidenceRecorded' && (e.data as { evidenceId: string }).evidenceId === 'EB2')!;
    const revocation = view.timeline.find((e) => e.type === 'PayrollEvidenceRevoked')!;
    expect(eb2.supersededBy).toBe(revocation.position);
  });

  it('as recorded at an earlier instant: the prefix of the log, folded', () => {
    const { h, rows } = workedExample(6);
    const prefix = (upTo: RecordedContractEvent) => h.stored.filter((e) => e.streamVersion <= upTo.streamVersion);
    const events = prefix(rows[4]);
    const state = replay(h.events.filter((e) => e.streamVersion <= rows[4].streamVersion));
    const view = participantTimelineView(state, events, 'P1', rows[4].recordedAt)!;
    expect(view.version).toBe(rows[4].streamVersion);
    expect(view.participant).toMatchObject({ committed: 11_000_000, headroom: 0 });
    expect(view.timeline.filter((e) => (e.data as { week?: string }).week === '2019-W20').map((e) => e.supersededBy)).toEqual([null]);
  });

  it('marks a superseded referral, and answers undefined for an unknown participant', () => {
    const { h } = workedExample(0);
    h.record(cmd.refer('P4', '2019-03-01', 'rejected'));
    h.record(cmd.refer('P4', '2019-03-02', 'accepted'));
    const view = participantTimelineView(h.state, h.stored, 'P4', 'AS-OF')!;
    expect(view.timeline.map((e) => e.supersededBy)).toEqual([view.timeline[1].position, null]);
    expect(view.participant.status).toBe('referred');
    expect(participantTimelineView(h.state, h.stored, 'P9', 'AS-OF')).toBeUndefined();
  });
});
