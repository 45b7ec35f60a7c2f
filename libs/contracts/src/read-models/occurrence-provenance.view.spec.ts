import { occurrenceProvenanceView, provenancePositions, reversalCausePositions } from './index.js';
import type { RecordedEvent } from '#event-store';
import { PAY, workedExample } from './testing/worked-example.fixture.js';

describe('occurrenceProvenanceView: a payment identity with the facts that made it true', () => {
  const { h, rows } = workedExample(6);
  const all = new Map<number, RecordedEvent>(h.stored.map((e) => [e.streamVersion, e]));
  const only = (positions: number[]) => new Map([...positions].map((p) => [p, all.get(p)!]));
  const at = { contractId: 'aalborg-impact60', asOf: 'AS-OF', version: h.state.version };

  it('JOB_13W #1: the enrolment, placements A and B and their evidence', () => {
    const entry = h.state.ledger.get(PAY('P1', 'JOB_13W', 1, 1))!;
    const positions = provenancePositions(entry);
    expect(reversalCausePositions(entry, only(positions))).toEqual([]);
    const view = occurrenceProvenanceView(at, entry, only(positions));
    expect(
      view.provenance.map((f) => [
        f.type,
        (f.data as { placementId?: string; evidenceId?: string }).evidenceId ?? (f.data as { placementId?: string }).placementId ?? null,
      ]),
    ).toEqual([
      ['ParticipantEnrolled', null],
      ['PlacementStarted', 'A'],
      ['PlacementEnded', 'A'],
      ['PayrollEvidenceRecorded', 'EA'],
      ['PlacementStarted', 'B'],
      ['PayrollEvidenceRecorded', 'EB1'],
    ]);
    expect(view.provenance[1]).toMatchObject({ actor: 'provider:fokus-folkeoplysning' });
    expect(view.verification).toMatchObject({ type: 'OutcomeVerified', position: rows[2].streamVersion });
    expect(view.occurrence).toMatchObject({
      paymentId: PAY('P1', 'JOB_13W', 1, 1),
      status: 'verified',
      amount: 3_000_000,
      verified: { position: rows[2].streamVersion, recordedAt: rows[2].recordedAt },
      reversal: null,
      confirmation: null,
    });
    expect(view).toMatchObject({ ...at, reversal: null, confirmation: null });
  });

  it('SELF_SUPPORT_26W #1 revision 1: paid, then reversed by the W20 correction', () => {
    const entry = h.state.ledger.get(PAY('P1', 'SELF_SUPPORT_26W', 1, 1))!;
    const first = only(provenancePositions(entry));
    const causes = reversalCausePositions(entry, first);
    const correction = h.events.find((e) => e.type === 'BenefitWeekRecorded' && e.data.week === '2019-W20' && e.data.benefitPaid)!;
    expect(causes).toEqual([correction.streamVersion]);
    const view = occurrenceProvenanceView(at, entry, only([...provenancePositions(entry), ...causes]));
    expect(view.provenance).toHaveLength(27);
    expect(view.occurrence).toMatchObject({
      status: 'reversed',
      reversal: { position: rows[5].streamVersion, recordedAt: rows[5].recordedAt, reason: 'no-longer-holds' },
      confirmation: { reference: 'PAY-2', confirmedOn: '2019-08-20', amount: 6_000_000 },
    });
    expect(view.reversal!.fact).toMatchObject({ type: 'OutcomeReversed', data: { amount: -6_000_000 } });
    expect(view.reversal!.cause).toEqual([expect.objectContaining({ position: correction.streamVersion, actor: 'commissioner:aalborg-kommune' })]);
    expect(view.confirmation).toMatchObject({ type: 'PaymentConfirmed', data: { reference: 'PAY-2' } });
  });

  it('refuses to make up a fact it was not given', () => {
    const entry = h.state.ledger.get(PAY('P1', 'JOB_START', 1, 1))!;
    expect(() => occurrenceProvenanceView(at, entry, only([entry.verifiedAt]))).toThrow(/was not read/);
  });
});
