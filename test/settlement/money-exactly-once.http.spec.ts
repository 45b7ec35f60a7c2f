import { contractStreamId, paymentTotals } from '#domain';
import { ContractRunner, PAYMENT_FEED_EVENT_TYPES, PaymentFeedBook } from '#contracts';
import { Database } from '#database';
import { runPaymentConfirmation } from '../../apps/cli/src/payments.command.js';
import { type FeedEvent, readToEnd } from '../payments/feed-client.js';
import { ApiClient, type ApiResponse } from '#test-support/api-client.js';
import { impact60, SHA } from '#test-support/impact60.js';
import { startTestApp, type TestApp } from '#test-support/test-app.js';
import { createTokens } from '#test-support/tokens.js';

// docs/rules.md §7 "No money paid twice, none recovered twice", over real HTTP: the two cases found
// on a fresh clone (paid twice after the agreement, recovered twice), and an agreement raced by the
// payment service's confirmations. The payment service here acts on the payment feed alone, as a
// real one would: it pays what the feed says is due and collects what it says is to recover, and in
// the end has paid and recovered exactly what is owed.

const T = '2019-06-30';
const FEED = '/feed/payments';

function created(step: string, response: ApiResponse): ApiResponse {
  if (response.status !== 201) throw new Error(`${step}: expected 201, got ${response.status} ${JSON.stringify(response.body)}`);
  return response;
}

const types = (response: ApiResponse) => (response.body.events as Array<{ type: string }>).map((e) => e.type);

/**
 * A payment service that knows only the feed: it keeps a cursor and a book of what the feed said
 * (PaymentFeedBook), and settles what its book says is open. It may act on an old read (the
 * agreement can come in between): what it sends then is what a real payment service, whose
 * payments are not instant, would send.
 */
class FeedPaymentService {
  private cursor: string | undefined;
  private readonly book = new PaymentFeedBook();
  /** Money it paid, less money it got back. */
  cash = 0;
  readonly events: FeedEvent[] = [];

  constructor(
    private readonly client: ApiClient,
    /** How many events of the feed's types the contract's log holds now (the test's view of the database). */
    private readonly logged: (contractId: string) => Promise<number>,
  ) {}

  /**
   * Reads the feed until it shows everything the contract's log holds now. The feed gives only
   * what committed transactions wrote (so that no event appears behind a cursor later): a read right
   * after a write may not show it yet, and a real payment service simply reads again later.
   */
  async read(contractId: string): Promise<void> {
    const wanted = await this.logged(contractId);
    for (let attempt = 0; attempt < 200; attempt++) {
      const { events, next } = await readToEnd(this.client, FEED, { after: this.cursor });
      this.cursor = next;
      for (const event of events) if (this.book.apply(event)) this.events.push(event);
      if (this.events.filter((e) => e.data.contractId === contractId).length >= wanted) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`the feed did not catch up with ${contractId}`);
  }

  /** Positive: to pay; negative: to collect; 0: nothing, as far as the feed said. */
  open(paymentId: string): number {
    return this.book.openAmount(this.book.held.get(paymentId)!);
  }

  pending(contractId: string): string[] {
    return this.book
      .open()
      .map((h) => h.paymentId)
      .filter((id) => id.startsWith(`${contractId}:`));
  }

  /**
   * Pays or collects one identity as it last read it; the answer is the service's. Its bank's
   * reference is one per identity: sent again before the feed shows the first (the feed reads
   * committed transactions only, so it may lag a moment), it records nothing.
   */
  async settle(paymentId: string, reference = `bank-${paymentId}`): Promise<ApiResponse> {
    const contractId = paymentId.slice(0, paymentId.indexOf(':'));
    const amount = this.open(paymentId);
    const route = amount > 0 ? 'confirmation' : 'recovery';
    const body = amount > 0 ? { reference, confirmedOn: '2019-10-01' } : { reference, recoveredOn: '2019-10-01' };
    const response = await this.client.post(`/contracts/${contractId}/payments/${encodeURIComponent(paymentId)}/${route}`, body);
    if (response.status === 201) this.account(response);
    return response;
  }

  account(response: ApiResponse): void {
    for (const { type, data } of response.body.events as Array<{ type: string; data: { amount: number } }>) {
      if (type === 'PaymentConfirmed' || type === 'SettlementPaid') this.cash += data.amount;
      if (type === 'PaymentRecovered') this.cash -= data.amount;
    }
  }

  /** Reads the feed and settles everything open, until the feed says nothing more is. */
  async settleAll(contractId: string): Promise<void> {
    for (let round = 0; round < 10; round++) {
      await this.read(contractId);
      const pending = this.pending(contractId);
      if (pending.length === 0) return;
      for (const paymentId of pending) created(`settle ${paymentId}`, await this.settle(paymentId));
    }
    throw new Error('the feed keeps asking for money');
  }
}

describe('money exactly once around a settlement, with a payment service that follows the feed alone', () => {
  let t: TestApp;
  let registrar: ApiClient;
  let commissioner: ApiClient;
  let provider: ApiClient;
  let investor: ApiClient;
  let paymentToken: string;
  let auditor: ApiClient;
  /** A payment service of its own for each case, reading the feed from its start. */
  const paymentService = (): FeedPaymentService =>
    new FeedPaymentService(new ApiClient(t.baseUrl, paymentToken), async (contractId) => {
      const { rows } = await t.app
        .get(Database)
        .pool.query<{ n: string }>('SELECT count(*) AS n FROM es_events WHERE stream_id = $1 AND event_type = ANY($2::text[])', [
          contractStreamId(contractId),
          PAYMENT_FEED_EVENT_TYPES,
        ]);
      return Number(rows[0].n);
    });

  beforeAll(async () => {
    t = await startTestApp();
    const tokens = await createTokens(t.app, {
      registrar: { name: 'aalborg-jura', role: 'commissioner', contracts: '*' },
      commissioner: { name: 'aalborg-kommune', role: 'commissioner', party: 'aalborg-kommune', contracts: '*' },
      provider: { name: 'fokus-folkeoplysning', role: 'provider', contracts: '*' },
      investor: { name: 'den-sociale-kapitalfond', role: 'investor', party: 'den-sociale-kapitalfond', contracts: '*' },
      payer: { name: 'aalborg-udbetaling', role: 'payment-service', contracts: '*' },
      auditor: { name: 'rigsrevisionen', role: 'auditor', contracts: '*' },
    });
    auditor = new ApiClient(t.baseUrl, tokens.auditor);
    // A role-wide commissioner token registers the contracts; the contracts' own parties agree.
    registrar = new ApiClient(t.baseUrl, tokens.registrar);
    commissioner = new ApiClient(t.baseUrl, tokens.commissioner);
    provider = new ApiClient(t.baseUrl, tokens.provider);
    investor = new ApiClient(t.baseUrl, tokens.investor);
    paymentToken = tokens.payer;
  });
  afterAll(() => t.close());

  let cprs = 0;
  /** A contract of §4 with participants enrolled on 2019-01-07; returns their pseudonyms. */
  async function contract(id: string, participants: number): Promise<string[]> {
    created('register', await registrar.post('/contracts', impact60(id)));
    created('activate', await registrar.post(`/contracts/${id}/activation`, { activatedOn: '2018-09-01' }));
    const out: string[] = [];
    for (let i = 0; i < participants; i++) {
      const cpr = `0101${String(60 + (cprs++ % 30)).padStart(2, '0')}-${String(1000 + cprs).slice(-4)}`;
      const p = created('refer', await registrar.post(`/contracts/${id}/referrals`, { cpr, referredOn: '2018-12-01', intakeOutcome: 'accepted' })).body
        .participantId as string;
      created('enrol', await provider.post(`/contracts/${id}/participants/${p}/enrolment`, { enrolledOn: '2019-01-07' }));
      out.push(p);
    }
    return out;
  }

  async function placement(
    id: string,
    p: string,
    placementId: string,
    from: string,
    to: string,
    evidence: boolean,
    hoursPerWeek = 30,
  ): Promise<ApiResponse | undefined> {
    created(
      'placement',
      await provider.post(`/contracts/${id}/participants/${p}/placements`, {
        placementId,
        employerRef: 'emp-1',
        kind: 'ordinary',
        hoursPerWeek,
        startDate: from,
      }),
    );
    if (!evidence) return undefined;
    return created(
      'evidence',
      await provider.post(`/contracts/${id}/participants/${p}/payroll-evidence`, {
        evidenceId: `ev-${placementId}`,
        placementId,
        periodFrom: from,
        periodTo: to,
        source: 'eIndkomst',
        documentSha256: SHA(1),
      }),
    );
  }

  async function agree(id: string): Promise<ApiResponse> {
    const proposed = created('propose', await commissioner.post(`/contracts/${id}/settlement/proposals`, {}));
    return created('accept', await investor.post(`/contracts/${id}/settlement/proposals/${proposed.body.events[0].data.proposalId}/agreement`, {}));
  }

  /** The occurrences with their money in a state, once the table has caught up with the log. */
  async function occurrencesIn(id: string, state: string): Promise<string[]> {
    for (;;) {
      const response = await commissioner.get(`/contracts/${id}/occurrences?status=${state}`);
      expect(response.status).toBe(200);
      if (response.body.projectedThrough.behind === 0) return response.body.occurrences.map((o: { paymentId: string }) => o.paymentId);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** The contract's money by the service's own account: paid − recovered + due − toRecover = owed. */
  async function money(id: string): Promise<Record<string, number>> {
    const summary = await commissioner.get(`/contracts/${id}`);
    expect(summary.status).toBe(200);
    const m = summary.body.money;
    expect(m.paid - m.recovered + m.due - m.toRecover).toBe(m.owed);
    // The same as the domain derives from the command side's state.
    const state = await t.app.get(ContractRunner).withContractState(id, (s) => paymentTotals(s));
    expect(state).toEqual({ paid: m.paid, recovered: m.recovered, due: m.due, toRecover: m.toRecover, superseded: m.superseded, owed: m.owed });
    return m;
  }

  it('paid twice after the agreement: the payments confirmed late become amounts to recover, and the service ends paying what the agreement owes', async () => {
    const C = 'paid-twice';
    const [p1, p2] = await contract(C, 2);
    await placement(C, p1, 'A', '2019-02-04', '2019-03-10', true, 20);
    await placement(C, p1, 'B', '2019-04-01', '2019-06-30', true);
    await placement(C, p2, 'A', '2019-02-04', '2019-02-10', true, 20);
    const payments = paymentService();
    // The payment service reads the three outcome payments (7,000,000) while they are due...
    await payments.read(C);
    expect(payments.pending(C).map((id) => payments.open(id))).toEqual([2_000_000, 3_000_000, 2_000_000]);
    created('terminate', await commissioner.post(`/contracts/${C}/termination`, { effectiveOn: T, reason: 'ended early' }));
    // ...and the settlement is agreed: 7,000,000 − 0 + 4,500,000.
    const agreed = await agree(C);
    expect(agreed.body.events[1].data).toMatchObject({ amount: 11_500_000, supersedes: payments.pending(C) });
    // The service pays the two JOB_START payments from its old read, before it reads the agreement.
    const [startP1, job13w, startP2] = payments.pending(C);
    for (const paymentId of [startP1, startP2]) {
      const late = created('late payment', await payments.settle(paymentId));
      expect(types(late)).toEqual(['PaymentConfirmed', 'SettlementAdjusted']);
      expect(late.body.events[1].data).toMatchObject({ amount: -2_000_000, causePaymentId: paymentId, cause: 'paid-after-agreement' });
    }
    // Nothing is due twice: the occurrences list none as due, all three as superseded; the settlement shows the adjustments to recover.
    expect(await occurrencesIn(C, 'due')).toEqual([]);
    expect(await occurrencesIn(C, 'superseded')).toEqual([startP1, job13w, startP2]);
    const settlement = (await investor.get(`/contracts/${C}/settlement`)).body;
    expect(settlement).toMatchObject({ due: 11_500_000, agreement: { amount: 11_500_000 } });
    expect(settlement.payments.map((p: { paymentId: string; state: string; open: number }) => [p.paymentId, p.state, p.open])).toEqual([
      [`${C}:settlement:1`, 'due', 11_500_000],
      [`${C}:adjustment:1`, 'to-recover', -2_000_000],
      [`${C}:adjustment:2`, 'to-recover', -2_000_000],
    ]);
    expect(await money(C)).toMatchObject({ owed: 11_500_000, paid: 4_000_000, due: 11_500_000, toRecover: 4_000_000 });

    await payments.settleAll(C);
    expect(await money(C)).toMatchObject({ owed: 11_500_000, paid: 15_500_000, recovered: 4_000_000, due: 0, toRecover: 0 });
    expect(payments.cash).toBe(11_500_000);

    // The ledger's proofs say the same of each identity: the event that made it, and its state by its events.
    expect((await auditor.post('/ledger/checkpoints')).status).toBe(200);
    const proof = async (paymentId: string) => (await auditor.get(`/contracts/${C}/payments/${encodeURIComponent(paymentId)}/inclusion-proof`)).body;
    expect((await proof(startP1)).payment).toMatchObject({
      state: 'superseded',
      events: [{ type: 'OutcomeVerified' }, { type: 'PaymentSuperseded' }, { type: 'PaymentConfirmed' }],
    });
    const settlementProof = await proof(`${C}:settlement:1`);
    expect(JSON.parse(settlementProof.leaf).event.type).toBe('SettlementAgreed');
    expect(settlementProof.payment).toMatchObject({ state: 'paid', events: [{ type: 'SettlementAgreed' }, { type: 'SettlementPaid' }] });
    expect((await proof(`${C}:adjustment:2`)).payment).toMatchObject({
      state: 'recovered',
      events: [{ type: 'SettlementAdjusted' }, { type: 'SettlementPaid' }],
    });
  });

  it('recovered twice: the amount to recover that the settlement nets is not collected again', async () => {
    const C = 'recovered-twice';
    const [p1] = await contract(C, 1);
    await placement(C, p1, 'A', '2019-07-01', '2019-07-07', true, 20);
    const payments = paymentService();
    await payments.settleAll(C); // JOB_START paid: 2,000,000
    const terminated = created('terminate', await commissioner.post(`/contracts/${C}/termination`, { effectiveOn: T, reason: 'ended early' }));
    expect(types(terminated)).toEqual(['ContractTerminated', 'OutcomeReversed']);
    expect(await money(C)).toMatchObject({ owed: 0, paid: 2_000_000, toRecover: 2_000_000 });
    // 0 − 2,000,000 + 2,750,000: the settlement nets the 2,000,000 to recover.
    const agreed = await agree(C);
    expect(agreed.body.events[1].data).toMatchObject({ amount: 750_000 });
    expect(types(agreed)).toEqual(['SettlementAccepted', 'SettlementAgreed', 'PaymentSuperseded']);
    expect(await money(C)).toMatchObject({ owed: 2_750_000, toRecover: 0, due: 750_000, superseded: -2_000_000 });
    await payments.settleAll(C);
    // The service read the reversal, then the supersession: it collected nothing, and paid the settlement.
    expect(payments.events.filter((e) => e.data.contractId === C).map((e) => e.type.replace('dk.outcome-verification.', ''))).toEqual([
      'outcome.verified.v1',
      'payment.confirmed.v1',
      'outcome.reversed.v1',
      'settlement.due.v1',
      'payment.superseded.v1',
      'settlement.paid.v1',
    ]);
    expect(await money(C)).toMatchObject({ owed: 2_750_000, paid: 2_750_000, recovered: 0, due: 0, toRecover: 0 });
    expect(payments.cash).toBe(2_750_000);
  });

  it('recovered late: a recovery of what the settlement netted, sent from the command line after the agreement, is owed back', async () => {
    const C = 'recovered-late';
    const [p1] = await contract(C, 1);
    await placement(C, p1, 'A', '2019-07-01', '2019-07-07', true, 20);
    const payments = paymentService();
    await payments.settleAll(C);
    created('terminate', await commissioner.post(`/contracts/${C}/termination`, { effectiveOn: T, reason: 'ended early' }));
    await payments.read(C);
    const [toRecover] = payments.pending(C);
    expect(payments.open(toRecover)).toBe(-2_000_000);
    await agree(C);
    // From its old read the service collects the 2,000,000, with the CLI, after the agreement.
    const lines: string[] = [];
    const exit = await runPaymentConfirmation(
      'recover',
      { contract: C, payment: toRecover, reference: 'BACK-1', on: '2019-10-02', url: t.baseUrl, token: paymentToken },
      {
        out: (line) => void lines.push(line),
        err: (line) => void lines.push(line),
      },
    );
    expect(exit).toBe(0);
    expect(lines).toEqual([
      `recorded PaymentRecovered: ${toRecover}, 20.000,00`,
      `recorded SettlementAdjusted: ${toRecover} was netted by the agreed settlement ${C}:settlement:1, so ${C}:adjustment:1 is a new amount to settle: 20.000,00 (to pay)`,
    ]);
    payments.cash -= 2_000_000;
    // Sent again (a retry after a timeout): nothing new.
    const again: string[] = [];
    await runPaymentConfirmation(
      'recover',
      { contract: C, payment: toRecover, reference: 'BACK-1', on: '2019-10-02', url: t.baseUrl, token: paymentToken },
      {
        out: (line) => void again.push(line),
        err: (line) => void again.push(line),
      },
    );
    expect(again).toHaveLength(2);
    expect(await money(C)).toMatchObject({ owed: 2_750_000, paid: 2_000_000, recovered: 2_000_000, due: 2_750_000, toRecover: 0 });
    await payments.settleAll(C);
    expect(await money(C)).toMatchObject({ owed: 2_750_000, due: 0, toRecover: 0 });
    expect(payments.cash).toBe(2_750_000);
  });

  it('a recovery that does not fit the state is a 409 naming it, and records nothing; the command line says so and exits 2', async () => {
    const C = 'nothing-to-recover';
    const [p1] = await contract(C, 1);
    await placement(C, p1, 'A', '2019-02-04', '2019-02-10', true, 20);
    const payments = paymentService();
    await payments.read(C);
    const [paymentId] = payments.pending(C);
    const before = (await commissioner.get(`/contracts/${C}`)).body.version;
    const refused = await new ApiClient(t.baseUrl, paymentToken).post(`/contracts/${C}/payments/${encodeURIComponent(paymentId)}/recovery`, {
      reference: 'BACK-1',
      recoveredOn: '2019-10-01',
    });
    expect([refused.status, refused.body.error, refused.body.message]).toEqual([
      409,
      'payment-not-to-recover',
      `Payment ${paymentId} is due: nothing has been paid: there is nothing to recover.`,
    ]);
    const lines: string[] = [];
    const exit = await runPaymentConfirmation(
      'recover',
      { contract: C, payment: paymentId, reference: 'BACK-1', on: '2019-10-01', url: t.baseUrl, token: paymentToken },
      {
        out: (line) => void lines.push(line),
        err: (line) => void lines.push(line),
      },
    );
    expect([exit, lines]).toEqual([
      2,
      [`recover failed: the service answered 409 payment-not-to-recover: Payment ${paymentId} is due: nothing has been paid: there is nothing to recover.`],
    ]);
    expect((await commissioner.get(`/contracts/${C}`)).body.version).toBe(before);
  });

  it('an acceptance raced by the payment service’s confirmations: whichever lands first, the money adds up and the service ends even', async () => {
    for (let run = 0; run < 8; run++) {
      const C = `race-${run}`;
      const [p1, p2] = await contract(C, 2);
      await placement(C, p1, 'A', '2019-02-04', '2019-03-10', true, 20);
      await placement(C, p2, 'A', '2019-02-04', '2019-02-10', true, 20);
      created('terminate', await commissioner.post(`/contracts/${C}/termination`, { effectiveOn: T, reason: 'ended early' }));
      const payments = paymentService();
      await payments.read(C);
      const due = payments.pending(C);
      expect(due).toHaveLength(2);
      const proposed = created('propose', await commissioner.post(`/contracts/${C}/settlement/proposals`, {}));
      // The acceptance and the service's two payments at once.
      const [accepted, ...paid] = await Promise.all([
        investor.post(`/contracts/${C}/settlement/proposals/${proposed.body.events[0].data.proposalId}/agreement`, {}),
        ...due.map((paymentId) => payments.settle(paymentId)),
      ]);
      for (const response of paid) expect(response.status).toBe(201);
      // A payment that landed after the agreement made an adjustment; one that landed before changed the settlement.
      if (accepted.status !== 201) {
        expect([accepted.status, accepted.body.error]).toEqual([409, 'settlement-proposal-stale']);
        await agree(C);
      }
      const adjustments = paid.filter((response) => types(response).includes('SettlementAdjusted')).length;
      expect((await investor.get(`/contracts/${C}/settlement`)).body.payments).toHaveLength(1 + adjustments);
      await money(C);
      await payments.settleAll(C);
      // Owed: achieved 4,000,000 (two JOB_STARTs) + future 4,500,000, whichever way the race went.
      const m = await money(C);
      expect(m).toMatchObject({ due: 0, toRecover: 0, owed: 8_500_000 });
      expect(payments.cash).toBe(8_500_000);
    }
  });
});
