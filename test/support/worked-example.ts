import type { PaymentIdentityFields } from '#domain';
import type { ApiClient, ApiResponse } from './api-client.js';
import { impact60, SHA, weeks } from './impact60.js';

export interface WorkedExampleClients {
  /** Registers and activates the contract, refers the participant, records benefit weeks. */
  commissioner: ApiClient;
  /** Enrols the participant, records placements and payroll evidence. */
  provider: ApiClient;
}

export interface WorkedExampleOptions {
  contractId?: string;
  cpr?: string;
  /** Record the rows of the §5 table up to this one (1..6); all when absent. */
  upToRow?: number;
}

export interface RecordedOutcome {
  type: 'OutcomeVerified' | 'OutcomeReversed';
  data: PaymentIdentityFields & { amount: number; [field: string]: unknown };
}

export interface WorkedExample {
  contractId: string;
  /** P1's pseudonym. */
  participantId: string;
  /** The outcome events the service answered with, in the order recorded. */
  outcomes: RecordedOutcome[];
  /** Payment identity of an outcome of P1: paymentId('JOB_13W', 2), paymentId('SELF_SUPPORT_26W', 1, 2). */
  paymentId(outcomeCode: string, occurrence: number, revision?: number): string;
}

function expectCreated(step: string, response: ApiResponse): ApiResponse {
  if (response.status !== 201) throw new Error(`${step}: expected 201, got ${response.status} ${JSON.stringify(response.body)}`);
  return response;
}

/**
 * docs/rules.md §5's worked example, recorded over HTTP as the commissioner and provider would: the
 * contract of §4 registered and activated, P1 referred and enrolled on 2019-01-07, then the six
 * rows of facts. The service's answers yield, in order: JOB_START #1, JOB_13W #1,
 * SELF_SUPPORT_26W #1 r1, JOB_13W #2 (amount 0), the reversal of SELF_SUPPORT_26W #1 r1, and
 * SELF_SUPPORT_26W #1 r2.
 */
export async function recordWorkedExample(clients: WorkedExampleClients, options: WorkedExampleOptions = {}): Promise<WorkedExample> {
  const { commissioner, provider } = clients;
  const contractId = options.contractId ?? 'aalborg-impact60';
  const upToRow = options.upToRow ?? 6;
  const C = `/contracts/${contractId}`;
  const outcomes: RecordedOutcome[] = [];
  const record = async (step: string, call: Promise<ApiResponse>): Promise<void> => {
    const response = expectCreated(step, await call);
    for (const event of (response.body as { events: Array<{ type: string; data: RecordedOutcome['data'] }> }).events) {
      if (event.type === 'OutcomeVerified' || event.type === 'OutcomeReversed') outcomes.push({ type: event.type, data: event.data });
    }
  };

  expectCreated('register', await commissioner.post('/contracts', impact60(contractId)));
  expectCreated('activate', await commissioner.post(`${C}/activation`, { activatedOn: '2018-09-01' }));
  const referral = expectCreated(
    'refer',
    await commissioner.post(`${C}/referrals`, {
      cpr: options.cpr ?? '070190-1234',
      referredOn: '2019-01-02',
      intakeOutcome: 'accepted',
    }),
  );
  const participantId = (referral.body as { participantId: string }).participantId;
  const P = `${C}/participants/${participantId}`;
  await record('enrol', provider.post(`${P}/enrolment`, { enrolledOn: '2019-01-07' }));

  if (upToRow >= 1) {
    await record(
      'row 1: placement A',
      provider.post(`${P}/placements`, {
        placementId: 'A',
        employerRef: 'emp-1',
        kind: 'ordinary',
        hoursPerWeek: 20,
        startDate: '2019-02-04',
      }),
    );
    await record('row 1: end A', provider.post(`${P}/placements/A/end`, { endDate: '2019-03-10', reason: 'contract ended' }));
    await record(
      'row 1: evidence A',
      provider.post(`${P}/payroll-evidence`, {
        evidenceId: 'ev-A',
        placementId: 'A',
        periodFrom: '2019-02-04',
        periodTo: '2019-03-10',
        source: 'eIndkomst',
        documentSha256: SHA(1),
      }),
    );
  }
  if (upToRow >= 2) {
    await record(
      'row 2: placement B',
      provider.post(`${P}/placements`, {
        placementId: 'B',
        employerRef: 'emp-2',
        kind: 'ordinary',
        hoursPerWeek: 30,
        startDate: '2019-04-01',
      }),
    );
    await record(
      'row 2: evidence B1',
      provider.post(`${P}/payroll-evidence`, {
        evidenceId: 'ev-B1',
        placementId: 'B',
        periodFrom: '2019-04-01',
        periodTo: '2019-06-30',
        source: 'eIndkomst',
        documentSha256: SHA(2),
      }),
    );
  }
  if (upToRow >= 3) {
    for (const week of weeks(2019, 6, 31)) {
      await record(`row 3: ${week}`, commissioner.post(`${P}/benefit-weeks`, { week, benefitPaid: false, source: 'DREAM' }));
    }
  }
  if (upToRow >= 4) {
    await record(
      'row 4: evidence B2',
      provider.post(`${P}/payroll-evidence`, {
        evidenceId: 'ev-B2',
        placementId: 'B',
        periodFrom: '2019-07-01',
        periodTo: '2019-08-25',
        source: 'eIndkomst',
        documentSha256: SHA(3),
      }),
    );
  }
  if (upToRow >= 5) {
    await record('row 5: W20 correction', commissioner.post(`${P}/benefit-weeks`, { week: '2019-W20', benefitPaid: true, source: 'DREAM correction' }));
  }
  if (upToRow >= 6) {
    for (const week of weeks(2019, 32, 46)) {
      await record(`row 6: ${week}`, commissioner.post(`${P}/benefit-weeks`, { week, benefitPaid: false, source: 'DREAM' }));
    }
  }

  return {
    contractId,
    participantId,
    outcomes,
    paymentId: (outcomeCode, occurrence, revision = 1) => `${contractId}:${participantId}:${outcomeCode}:${occurrence}:${revision}`,
  };
}
