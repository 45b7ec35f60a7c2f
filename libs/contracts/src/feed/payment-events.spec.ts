import { CloudEvent } from 'cloudevents';
import { decodeCursor, type RecordedEvent } from '#event-store';
import { isPaymentFeedEventType, PAYMENT_FEED_TYPES, toPaymentCloudEvent } from './payment-events.js';

const recorded = (type: string, data: unknown): RecordedEvent => ({
  eventId: '4f7c1f0e-2a3b-4c5d-8e9f-0a1b2c3d4e5f',
  streamId: 'contract-aalborg-impact60',
  streamVersion: 12,
  globalPosition: 345n,
  transactionId: '1002',
  type,
  schemaVersion: 1,
  data,
  metadata: {},
  recordedAt: '2026-11-29T10:15:00.123456Z',
});

describe('payment feed events', () => {
  const verified = {
    paymentId: 'aalborg-impact60:p1:JOB_START:1:1',
    participantId: 'p1',
    outcomeCode: 'JOB_START',
    occurrence: 1,
    revision: 1,
    achievedOn: '2019-02-04',
    price: 2_000_000,
    amount: 2_000_000,
    capReason: null,
    termsVersion: 1,
    provenance: [7, 9],
  };

  it('maps a logged outcome to a CloudEvent with the stored id, the payment identity and the cursor after it', () => {
    const event = toPaymentCloudEvent(recorded('OutcomeVerified', verified), 'aalborg-impact60', 'DKK');
    expect(event).toBeInstanceOf(CloudEvent);
    expect(event.validate()).toBe(true);
    const json = JSON.parse(JSON.stringify(event));
    expect(json).toEqual({
      specversion: '1.0',
      id: '4f7c1f0e-2a3b-4c5d-8e9f-0a1b2c3d4e5f',
      source: '/contracts/aalborg-impact60',
      type: PAYMENT_FEED_TYPES.OutcomeVerified,
      subject: verified.paymentId,
      time: '2026-11-29T10:15:00.123Z',
      datacontenttype: 'application/json',
      sequence: expect.any(String),
      data: {
        contractId: 'aalborg-impact60',
        paymentId: verified.paymentId,
        participantId: 'p1',
        outcomeCode: 'JOB_START',
        occurrence: 1,
        revision: 1,
        achievedOn: '2019-02-04',
        price: 2_000_000,
        amount: 2_000_000,
        capReason: null,
        currency: 'DKK',
      },
    });
    expect(decodeCursor(json.sequence)).toEqual({ transactionId: '1002', globalPosition: 345n });
  });

  it('publishes only the documented fields, and no currency when it is not known', () => {
    const reversed = toPaymentCloudEvent(
      recorded('OutcomeReversed', {
        paymentId: 'x:p1:SELF_SUPPORT_26W:1:1',
        participantId: 'p1',
        outcomeCode: 'SELF_SUPPORT_26W',
        occurrence: 1,
        revision: 1,
        amount: -6_000_000,
        reason: 'no-longer-holds',
        provenance: [40],
        internal: 'not for payers',
      }),
      'x',
    );
    expect(reversed.data).toEqual({
      contractId: 'x',
      paymentId: 'x:p1:SELF_SUPPORT_26W:1:1',
      participantId: 'p1',
      outcomeCode: 'SELF_SUPPORT_26W',
      occurrence: 1,
      revision: 1,
      amount: -6_000_000,
      reason: 'no-longer-holds',
    });
    const confirmed = toPaymentCloudEvent(
      recorded('PaymentConfirmed', { paymentId: 'x:p1:JOB_START:1:1', reference: 'PAY-1', confirmedOn: '2019-03-01', amount: 5 }),
      'x',
      'EUR',
    );
    expect(confirmed).toMatchObject({ type: PAYMENT_FEED_TYPES.PaymentConfirmed, subject: 'x:p1:JOB_START:1:1' });
    expect(confirmed.data).toEqual({
      contractId: 'x',
      paymentId: 'x:p1:JOB_START:1:1',
      reference: 'PAY-1',
      confirmedOn: '2019-03-01',
      amount: 5,
      currency: 'EUR',
    });
  });

  it('carries an agreed settlement as a payment of its own, and its confirmation', () => {
    const agreed = toPaymentCloudEvent(
      recorded('SettlementAgreed', {
        proposalId: 2,
        paymentId: 'x:settlement:2',
        amount: 19_000_000,
        currency: 'DKK',
        terminatedOn: '2020-06-30',
        method: 'expectedValue',
        linesSha256: 'b'.repeat(64),
        supersedes: ['x:p_1:A:1:1'],
      }),
      'x',
      'DKK',
    );
    expect(agreed.validate()).toBe(true);
    expect(agreed).toMatchObject({ type: 'dk.outcome-verification.settlement.due.v1', subject: 'x:settlement:2', source: '/contracts/x' });
    expect(agreed.data).toEqual({
      contractId: 'x',
      paymentId: 'x:settlement:2',
      amount: 19_000_000,
      currency: 'DKK',
      proposalId: 2,
      terminatedOn: '2020-06-30',
      method: 'expectedValue',
      linesSha256: 'b'.repeat(64),
      supersedes: ['x:p_1:A:1:1'],
    });
    const paid = toPaymentCloudEvent(
      recorded('SettlementPaid', { paymentId: 'x:settlement:2', reference: 'UDB-9', confirmedOn: '2020-09-10', amount: 19_000_000 }),
      'x',
      'DKK',
    );
    expect(paid).toMatchObject({ type: 'dk.outcome-verification.settlement.paid.v1', subject: 'x:settlement:2' });
    expect(paid.data).toEqual({
      contractId: 'x',
      paymentId: 'x:settlement:2',
      reference: 'UDB-9',
      confirmedOn: '2020-09-10',
      amount: 19_000_000,
      currency: 'DKK',
    });
  });

  it('announces each open amount the agreement nets, money that came back, and the adjustments money after the agreement makes', () => {
    const superseded = toPaymentCloudEvent(
      recorded('PaymentSuperseded', { paymentId: 'x:p_1:A:1:1', settlementPaymentId: 'x:settlement:2', amount: -2_000_000 }),
      'x',
      'DKK',
    );
    expect(superseded.validate()).toBe(true);
    expect(superseded).toMatchObject({ type: 'dk.outcome-verification.payment.superseded.v1', subject: 'x:p_1:A:1:1' });
    expect(superseded.data).toEqual({ contractId: 'x', paymentId: 'x:p_1:A:1:1', settlementPaymentId: 'x:settlement:2', amount: -2_000_000, currency: 'DKK' });

    const recovered = toPaymentCloudEvent(
      recorded('PaymentRecovered', { paymentId: 'x:p_1:A:1:1', reference: 'R-1', recoveredOn: '2020-10-01', amount: 2_000_000 }),
      'x',
      'DKK',
    );
    expect(recovered).toMatchObject({ type: 'dk.outcome-verification.payment.recovered.v1', subject: 'x:p_1:A:1:1' });
    expect(recovered.data).toEqual({
      contractId: 'x',
      paymentId: 'x:p_1:A:1:1',
      reference: 'R-1',
      recoveredOn: '2020-10-01',
      amount: 2_000_000,
      currency: 'DKK',
    });

    const adjusted = toPaymentCloudEvent(
      recorded('SettlementAdjusted', {
        paymentId: 'x:adjustment:1',
        adjustment: 1,
        amount: 2_000_000,
        currency: 'DKK',
        causePaymentId: 'x:p_1:A:1:1',
        cause: 'recovered-after-agreement',
        settlementPaymentId: 'x:settlement:2',
      }),
      'x',
      'DKK',
    );
    expect(adjusted).toMatchObject({ type: 'dk.outcome-verification.settlement.adjustment.v1', subject: 'x:adjustment:1' });
    expect(adjusted.data).toEqual({
      contractId: 'x',
      paymentId: 'x:adjustment:1',
      amount: 2_000_000,
      currency: 'DKK',
      causePaymentId: 'x:p_1:A:1:1',
      cause: 'recovered-after-agreement',
      settlementPaymentId: 'x:settlement:2',
    });
  });

  it('knows which log events belong in the feed', () => {
    expect(['OutcomeVerified', 'OutcomeReversed', 'PaymentConfirmed', 'SettlementAgreed', 'SettlementPaid'].every(isPaymentFeedEventType)).toBe(true);
    expect(['SettlementProposed', 'SettlementAccepted'].some(isPaymentFeedEventType)).toBe(false);
    expect(isPaymentFeedEventType('BenefitWeekRecorded')).toBe(false);
    expect(isPaymentFeedEventType('toString')).toBe(false);
    expect(() => toPaymentCloudEvent(recorded('BenefitWeekRecorded', {}), 'x')).toThrow(/not an event of the payment feed/);
  });
});
