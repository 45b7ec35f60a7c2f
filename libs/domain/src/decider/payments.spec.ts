import { contractPayments, paymentStateOf, paymentTotals } from '../payments/contract-payments.js';
import { cmd, ContractHarness, impact60Definition, refusal } from '../testing/contract.harness.js';

// docs/rules.md §7 "No money paid twice, none recovered twice", on the contract of §4 (expectedValue,
// estimated rates falling back to 1/4 on so small a sample, 9 weeks of grace). Terminated effective
// 2019-06-30, its settlement is final from 2019-09-02.

const T = '2019-06-30';
const DURING = '2019-07-15T10:00:00Z';
const AFTER = '2019-09-10T10:00:00Z';
const C = 'aalborg-impact60';
const id = (participant: string, outcome: string, occurrence = 1, revision = 1): string => `${C}:${participant}:${outcome}:${occurrence}:${revision}`;

function contract(): ContractHarness {
  const h = new ContractHarness('2019-07-01T10:00:00Z');
  h.run(cmd.register(impact60Definition()));
  h.run(cmd.activate());
  for (const p of ['P1', 'P2']) {
    h.run(cmd.refer(p));
    h.run(cmd.enrol(p, '2019-01-07'));
  }
  return h;
}

/** Three verified outcome payments, none paid: P1 JOB_START and JOB_13W #1, P2 JOB_START (7,000,000). */
function threeDue(): ContractHarness {
  const h = contract();
  h.run(cmd.start('P1', 'A', '2019-02-04', 20));
  h.run(cmd.end('P1', 'A', '2019-03-10'));
  h.run(cmd.evidence('P1', 'A', 'EA', '2019-02-04', '2019-03-10'));
  h.run(cmd.start('P1', 'B', '2019-04-01', 30));
  h.run(cmd.evidence('P1', 'B', 'EB', '2019-04-01', '2019-06-30'));
  h.run(cmd.start('P2', 'A', '2019-02-04', 20));
  h.run(cmd.evidence('P2', 'A', 'EA', '2019-02-04', '2019-02-10'));
  return h;
}

function agree(h: ContractHarness): void {
  h.run(cmd.propose('commissioner'), AFTER);
  h.run(cmd.agree(1, 'investor'), AFTER);
}

const money = (h: ContractHarness) => paymentTotals(h.state);
const states = (h: ContractHarness) => Object.fromEntries(contractPayments(h.state).map((p) => [p.paymentId, p.state]));

describe('paid twice after the agreement: the settlement supersedes what it nets', () => {
  it('nets the three unpaid outcome payments into the settlement; paying two of them late makes two amounts to recover', () => {
    const h = threeDue();
    h.run(cmd.terminate(T), DURING);
    expect(money(h)).toEqual({ paid: 0, recovered: 0, due: 7_000_000, toRecover: 0, superseded: 0, owed: 7_000_000 });
    agree(h);
    // Achieved 7,000,000 − confirmed 0 + future 4,500,000 (four lines at the 1/4 fallback: 750,000 + 1,500,000 each).
    expect(h.state.settlement.agreement).toMatchObject({ amount: 11_500_000, supersedes: [id('P1', 'JOB_START'), id('P1', 'JOB_13W'), id('P2', 'JOB_START')] });
    expect(states(h)).toEqual({
      [id('P1', 'JOB_START')]: 'superseded',
      [id('P2', 'JOB_START')]: 'superseded',
      [id('P1', 'JOB_13W')]: 'superseded',
      [`${C}:settlement:1`]: 'due',
    });
    expect(money(h)).toEqual({ paid: 0, recovered: 0, due: 11_500_000, toRecover: 0, superseded: 7_000_000, owed: 11_500_000 });

    // The payment service paid two of them as it read the feed, before it saw the agreement.
    const late = h.run(cmd.confirm(id('P1', 'JOB_START'), 'BANK-1', '2019-09-09'), AFTER);
    expect(late.map((e) => [e.type, e.data])).toEqual([
      ['PaymentConfirmed', { paymentId: id('P1', 'JOB_START'), reference: 'BANK-1', confirmedOn: '2019-09-09', amount: 2_000_000 }],
      [
        'SettlementAdjusted',
        {
          paymentId: `${C}:adjustment:1`,
          adjustment: 1,
          amount: -2_000_000,
          currency: 'DKK',
          causePaymentId: id('P1', 'JOB_START'),
          cause: 'paid-after-agreement',
          settlementPaymentId: `${C}:settlement:1`,
        },
      ],
    ]);
    h.run(cmd.confirm(id('P2', 'JOB_START'), 'BANK-2', '2019-09-09'), AFTER);
    // The settlement is what was agreed; the late payments are amounts to recover of their own.
    expect(money(h)).toEqual({ paid: 4_000_000, recovered: 0, due: 11_500_000, toRecover: 4_000_000, superseded: 7_000_000, owed: 11_500_000 });
    expect(states(h)[id('P1', 'JOB_START')]).toBe('superseded');
    expect(states(h)[`${C}:adjustment:2`]).toBe('to-recover');

    h.run(cmd.confirm(`${C}:settlement:1`, 'BANK-3', '2019-09-12'), AFTER);
    h.run(cmd.recover(`${C}:adjustment:1`, 'BACK-1', '2019-09-20'), AFTER);
    h.run(cmd.recover(`${C}:adjustment:2`, 'BACK-2', '2019-09-20'), AFTER);
    // 2,000,000 + 2,000,000 + 11,500,000 paid, 4,000,000 back: 11,500,000, what the agreement says.
    expect(money(h)).toEqual({ paid: 15_500_000, recovered: 4_000_000, due: 0, toRecover: 0, superseded: 7_000_000, owed: 11_500_000 });
  });

  it('a payment confirmed before the agreement is in the settlement’s `confirmed`, not superseded', () => {
    const h = threeDue();
    h.run(cmd.terminate(T), DURING);
    h.run(cmd.confirm(id('P1', 'JOB_START'), 'BANK-1', '2019-07-20'), DURING);
    agree(h);
    expect(h.state.settlement.agreement).toMatchObject({ amount: 9_500_000, supersedes: [id('P1', 'JOB_13W'), id('P2', 'JOB_START')] });
    expect(states(h)[id('P1', 'JOB_START')]).toBe('paid');
    expect(money(h)).toEqual({ paid: 2_000_000, recovered: 0, due: 9_500_000, toRecover: 0, superseded: 5_000_000, owed: 11_500_000 });
  });
});

describe('recovered twice: a payment to recover that the settlement nets is not collected again', () => {
  /** P1's JOB_START, achieved after T and paid, is reversed by the termination: 2,000,000 to recover. */
  function paidThenReversed(): ContractHarness {
    const h = contract();
    h.run(cmd.start('P1', 'A', '2019-07-01', 20));
    h.run(cmd.evidence('P1', 'A', 'EA', '2019-07-01', '2019-07-07'));
    h.run(cmd.confirm(id('P1', 'JOB_START'), 'BANK-1', '2019-07-05'));
    const [, reversed] = h.run(cmd.terminate(T), DURING);
    expect(reversed.data).toMatchObject({ paymentId: id('P1', 'JOB_START'), amount: -2_000_000, reason: 'achieved-after-termination' });
    expect(paymentStateOf(h.state.ledger.get(id('P1', 'JOB_START'))!)).toBe('to-recover');
    return h;
  }

  it('the agreement supersedes the amount to recover: the settlement alone is paid, and the provider ends with what is owed', () => {
    const h = paidThenReversed();
    agree(h);
    // Achieved 0 − confirmed 2,000,000 + future 2,750,000 (P1 and P2: JOB_START 500,000, JOB_13W 750,000, SELF 1,500,000; P2's the same).
    const agreement = h.state.settlement.agreement!;
    const proposal = h.state.settlement.proposals[0];
    expect(proposal).toMatchObject({ achieved: 0, confirmed: 2_000_000, future: 5_500_000 });
    expect(agreement).toMatchObject({ amount: 3_500_000, supersedes: [id('P1', 'JOB_START')] });
    expect(h.events.filter((e) => e.type === 'PaymentSuperseded').map((e) => e.data)).toEqual([
      { paymentId: id('P1', 'JOB_START'), settlementPaymentId: `${C}:settlement:1`, amount: -2_000_000 },
    ]);
    expect(money(h)).toEqual({ paid: 2_000_000, recovered: 0, due: 3_500_000, toRecover: 0, superseded: -2_000_000, owed: 5_500_000 });
    h.run(cmd.confirm(`${C}:settlement:1`, 'BANK-2', '2019-09-12'), AFTER);
    expect(money(h)).toEqual({ paid: 5_500_000, recovered: 0, due: 0, toRecover: 0, superseded: -2_000_000, owed: 5_500_000 });
  });

  it('a recovery before the agreement: the settlement counts confirmed payments net of it', () => {
    const h = paidThenReversed();
    h.run(cmd.recover(id('P1', 'JOB_START'), 'BACK-1', '2019-07-20'), DURING);
    expect(h.state.totals.confirmed).toBe(0);
    agree(h);
    expect(h.state.settlement.agreement).toMatchObject({ amount: 5_500_000, supersedes: [] });
    expect(states(h)[id('P1', 'JOB_START')]).toBe('recovered');
    expect(money(h)).toEqual({ paid: 2_000_000, recovered: 2_000_000, due: 5_500_000, toRecover: 0, superseded: 0, owed: 5_500_000 });
  });

  it('a recovery after the agreement of what it netted is recorded, and is owed back as an adjustment', () => {
    const h = paidThenReversed();
    agree(h);
    const late = h.run(cmd.recover(id('P1', 'JOB_START'), 'BACK-1', '2019-09-11'), AFTER);
    expect(late.map((e) => e.type)).toEqual(['PaymentRecovered', 'SettlementAdjusted']);
    expect(late[1].data).toMatchObject({ paymentId: `${C}:adjustment:1`, amount: 2_000_000, cause: 'recovered-after-agreement' });
    expect(money(h)).toEqual({ paid: 2_000_000, recovered: 2_000_000, due: 5_500_000, toRecover: 0, superseded: -2_000_000, owed: 5_500_000 });
    h.run(cmd.confirm(`${C}:settlement:1`, 'BANK-2', '2019-09-12'), AFTER);
    h.run(cmd.confirm(`${C}:adjustment:1`, 'BANK-3', '2019-09-12'), AFTER);
    expect(money(h)).toMatchObject({ paid: 7_500_000, recovered: 2_000_000, due: 0, toRecover: 0, owed: 5_500_000 });
  });
});

describe('confirmations and recoveries that do not fit the identity’s state', () => {
  it('a recovery of what is not to recover is a 409 naming the state it is in, and records nothing', () => {
    const h = threeDue();
    const before = h.events.length;
    expect(refusal(h, cmd.recover(id('P1', 'JOB_START'), 'BACK-1'))).toMatchObject({
      kind: 'conflict',
      code: 'payment-not-to-recover',
      message: `Payment ${id('P1', 'JOB_START')} is due: nothing has been paid: there is nothing to recover.`,
    });
    h.run(cmd.confirm(id('P1', 'JOB_START'), 'BANK-1'));
    expect(refusal(h, cmd.recover(id('P1', 'JOB_START'), 'BACK-1')).message).toContain('is paid and still owed');
    expect(refusal(h, cmd.recover(`${C}:P9:JOB_START:1:1`, 'BACK-1'))).toMatchObject({ kind: 'not-found', code: 'payment-not-found' });
    expect(h.events.length).toBe(before + 1);
  });

  it('a recovery is idempotent by identity and reference; another reference is refused', () => {
    const h = contract();
    h.run(cmd.start('P1', 'A', '2019-02-04', 20));
    h.run(cmd.evidence('P1', 'A', 'EA', '2019-02-04', '2019-02-10'));
    h.run(cmd.confirm(id('P1', 'JOB_START'), 'BANK-1'));
    h.run(cmd.revoke('P1', 'EA'));
    expect(paymentStateOf(h.state.ledger.get(id('P1', 'JOB_START'))!)).toBe('to-recover');
    expect(h.run(cmd.recover(id('P1', 'JOB_START'), 'BACK-1', '2019-12-20')).map((e) => e.data)).toEqual([
      { paymentId: id('P1', 'JOB_START'), reference: 'BACK-1', recoveredOn: '2019-12-20', amount: 2_000_000 },
    ]);
    expect(h.run(cmd.recover(id('P1', 'JOB_START'), 'BACK-1'))).toEqual([]);
    expect(refusal(h, cmd.recover(id('P1', 'JOB_START'), 'BACK-2'))).toMatchObject({ code: 'recovery-already-confirmed', field: 'reference' });
    expect(h.state.totals).toEqual({ committed: 0, confirmed: 0 });
    expect(paymentStateOf(h.state.ledger.get(id('P1', 'JOB_START'))!)).toBe('recovered');
  });

  it('a confirmation of a payment reversed before it was paid is taken: the money is then to recover', () => {
    const h = contract();
    h.run(cmd.start('P1', 'A', '2019-02-04', 20));
    h.run(cmd.evidence('P1', 'A', 'EA', '2019-02-04', '2019-02-10'));
    h.run(cmd.revoke('P1', 'EA'));
    expect(paymentStateOf(h.state.ledger.get(id('P1', 'JOB_START'))!)).toBe('cancelled');
    h.run(cmd.confirm(id('P1', 'JOB_START'), 'BANK-1'));
    expect(paymentStateOf(h.state.ledger.get(id('P1', 'JOB_START'))!)).toBe('to-recover');
    expect(money(h)).toEqual({ paid: 2_000_000, recovered: 0, due: 0, toRecover: 2_000_000, superseded: 0, owed: 0 });
  });

  it('a negative settlement is collected: its recovery (or its confirmation) settles it; a positive one has nothing to recover', () => {
    const negative = (() => {
      const h = contract();
      h.run(cmd.start('P1', 'A', '2019-07-01', 20));
      h.run(cmd.evidence('P1', 'A', 'EA', '2019-07-01', '2019-07-07'));
      h.run(cmd.start('P2', 'A', '2019-07-01', 20));
      h.run(cmd.evidence('P2', 'A', 'EA', '2019-07-01', '2019-07-07'));
      for (const p of ['P1', 'P2']) h.run(cmd.confirm(id(p, 'JOB_START'), `BANK-${p}`));
      h.run(cmd.withdraw('P2', '2019-06-01'));
      h.run(cmd.terminate(T), DURING);
      agree(h);
      return h;
    })();
    // 0 − 4,000,000 + 2,750,000 (P1's lines only: P2 withdrew before T).
    expect(negative.state.settlement.agreement?.amount).toBe(-1_250_000);
    expect(states(negative)[`${C}:settlement:1`]).toBe('to-recover');
    expect(negative.run(cmd.recover(`${C}:settlement:1`, 'BACK-1', '2019-09-15'), AFTER).map((e) => [e.type, e.data])).toEqual([
      ['SettlementPaid', { paymentId: `${C}:settlement:1`, reference: 'BACK-1', confirmedOn: '2019-09-15', amount: -1_250_000 }],
    ]);
    expect(states(negative)[`${C}:settlement:1`]).toBe('recovered');
    expect(money(negative)).toEqual({ paid: 4_000_000, recovered: 1_250_000, due: 0, toRecover: 0, superseded: -4_000_000, owed: 2_750_000 });

    const positive = threeDue();
    positive.run(cmd.terminate(T), DURING);
    agree(positive);
    expect(refusal(positive, cmd.recover(`${C}:settlement:1`, 'BACK-1'), AFTER).message).toBe(
      `Payment ${C}:settlement:1 is due: nothing has been paid: there is nothing to recover.`,
    );
  });
});
