import { participantsView, participantStatusOf } from './index.js';
import { cmd, workedExample } from './testing/worked-example.fixture.js';

describe('participantsView: every participant with status, dates and money against the cap', () => {
  it('lists them in referral order with their status', () => {
    const { h } = workedExample(6);
    h.record(cmd.refer('P4', '2019-03-01'));
    const view = participantsView(h.state, 'AS-OF');
    expect(view).toMatchObject({ contractId: 'aalborg-impact60', asOf: 'AS-OF', version: h.state.version, currency: 'DKK', perParticipantCap: 11_000_000 });
    expect(view.participants.map((p) => [p.participantId, p.status])).toEqual([
      ['P1', 'enrolled'],
      ['P2', 'rejected'],
      ['P3', 'withdrawn'],
      ['P4', 'referred'],
    ]);
    expect(view.participants[0]).toEqual({
      participantId: 'P1',
      status: 'enrolled',
      referredOn: '2018-12-01',
      intakeVariant: 'thorough',
      intakeOutcome: 'accepted',
      enrolledOn: '2019-01-07',
      withdrawnOn: null,
      withdrawalReason: null,
      placements: 2,
      occurrences: 4,
      committed: 11_000_000,
      confirmed: 8_000_000,
      headroom: 0,
    });
    expect(view.participants[2]).toMatchObject({
      withdrawnOn: '2019-02-01',
      withdrawalReason: 'moved away',
      placements: 1,
      occurrences: 0,
      headroom: 11_000_000,
    });
  });

  it('after the correction of row 5, P1 has headroom again', () => {
    const { h } = workedExample(5);
    expect(participantsView(h.state, 'AS-OF').participants[0]).toMatchObject({
      occurrences: 3,
      committed: 5_000_000,
      confirmed: 8_000_000,
      headroom: 6_000_000,
    });
    expect(participantStatusOf(h.state.participants.get('P2')!)).toBe('rejected');
  });

  it('pages them in referral order after a cursor, filtered by status and intake variant', () => {
    const { h } = workedExample(6);
    h.record(cmd.refer('P4', '2019-03-01'));
    const all = { afterOrdinal: 0, limit: 1000 };
    const first = participantsView(h.state, 'AS-OF', { ...all, limit: 2 });
    expect({ ids: first.participants.map((p) => p.participantId), hasMore: first.hasMore }).toEqual({ ids: ['P1', 'P2'], hasMore: true });
    const rest = participantsView(h.state, 'AS-OF', { after: first.next, afterOrdinal: 2, limit: 2 });
    expect({ ids: rest.participants.map((p) => p.participantId), hasMore: rest.hasMore }).toEqual({ ids: ['P3', 'P4'], hasMore: false });
    expect(participantsView(h.state, 'AS-OF', { ...all, status: 'withdrawn' }).participants.map((p) => p.participantId)).toEqual(['P3']);
    expect(participantsView(h.state, 'AS-OF', { ...all, intakeVariant: 'thorough' }).participants.map((p) => p.participantId)).toContain('P1');
    expect(() => participantsView(h.state, 'AS-OF', { ...all, intakeVariant: 'nobody' })).toThrow(expect.objectContaining({ field: 'intakeVariant' }) as Error);
  });
});
