import type { Role } from '#auth';
import type { ApiClient } from './api-client.js';
import { impact60, SHA } from './impact60.js';
import type { TokenSpec } from './tokens.js';

/** What a body field holds, so that a test can pick values that are wrong for it. */
export type FieldKind = 'text' | 'id' | 'date' | 'week' | 'boolean' | 'hours' | 'choice' | 'sha256' | 'cpr' | 'object';

export interface WriteEndpoint {
  /** e.g. `POST /contracts/:contractId/referrals` */
  name: string;
  role: Extract<Role, 'commissioner' | 'investor' | 'provider' | 'payment-service'>;
  /** The route's path parameters, with values that make the request valid. */
  params: Record<string, string>;
  path(params: Record<string, string>): string;
  /** A body that the service accepts in the fixture's state (a fresh copy each call). */
  body(): Record<string, unknown>;
  /** The kind of each body field; optional ones are marked. */
  fields: Record<string, { kind: FieldKind; optional?: boolean }>;
}

const PARTIES = impact60().parties;

/**
 * The principals the write endpoints are sent as, one per role, seeing every contract: the
 * commissioner and the investor speak for their party of the fixture's contracts, as a proposal
 * and its answer take a party's voice.
 */
export const WRITE_PRINCIPALS: Record<WriteEndpoint['role'], TokenSpec> = {
  commissioner: { role: 'commissioner', party: PARTIES.commissioner, contracts: '*' },
  investor: { role: 'investor', party: PARTIES.investor, contracts: '*' },
  provider: { role: 'provider', contracts: '*' },
  'payment-service': { role: 'payment-service', contracts: '*' },
};

/** A JSON body with one more member written as raw JSON text (`"key":value`), e.g. a key JSON.stringify would not write. */
export function withRawMember(body: Record<string, unknown>, member: string): string {
  const text = JSON.stringify(body);
  return `${text.slice(0, -1)}${text === '{}' ? '' : ','}${member}}`;
}

/**
 * The state the write endpoints' valid bodies need: a registered and active contract with a
 * participant who is enrolled, has a placement A with payroll evidence ev-A (so JOB_START is
 * verified: `paymentId`), a second participant referred but not enrolled, a third whose JOB_START
 * was paid and then reversed (`toRecoverId`), a contract registered but not active, and an id no
 * contract has yet. Besides, for the proposals of both parties: a contract with the commissioner's
 * termination proposal 1 open (`endingContractId`), and a terminated one with the commissioner's
 * settlement proposal 1 open (`endedContractId`).
 */
export interface WriteFixture {
  contractId: string;
  inactiveContractId: string;
  newContractId: string;
  endingContractId: string;
  endedContractId: string;
  enrolled: string;
  referred: string;
  paymentId: string;
  /** A payment identity paid and reversed since: money to recover. */
  toRecoverId: string;
  /** A CPR number not referred yet (for the referral's valid body). */
  unreferredCpr: string;
}

export async function setUpWriteFixture(
  as: (role: WriteEndpoint['role']) => ApiClient,
  ids: { contractId: string; inactiveContractId: string; newContractId: string },
): Promise<WriteFixture> {
  const C = `/contracts/${ids.contractId}`;
  const ok = async (call: Promise<{ status: number; body: any }>): Promise<any> => {
    const response = await call;
    if (response.status >= 300) throw new Error(`fixture set-up failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  await ok(as('commissioner').post('/contracts', impact60(ids.contractId)));
  await ok(as('commissioner').post(`${C}/activation`, { activatedOn: '2018-09-01' }));
  await ok(as('commissioner').post('/contracts', impact60(ids.inactiveContractId)));
  const enrolled = (await ok(as('commissioner').post(`${C}/referrals`, { cpr: '010180-1111', referredOn: '2019-01-02', intakeOutcome: 'accepted' })))
    .participantId;
  const referred = (await ok(as('commissioner').post(`${C}/referrals`, { cpr: '010180-2222', referredOn: '2019-01-02', intakeOutcome: 'accepted' })))
    .participantId;
  await ok(as('provider').post(`${C}/participants/${enrolled}/enrolment`, { enrolledOn: '2019-01-07' }));
  await ok(
    as('provider').post(`${C}/participants/${enrolled}/placements`, {
      placementId: 'A',
      employerRef: 'employer-1',
      kind: 'ordinary',
      hoursPerWeek: 20,
      startDate: '2019-02-04',
    }),
  );
  const evidence = await ok(
    as('provider').post(`${C}/participants/${enrolled}/payroll-evidence`, {
      evidenceId: 'ev-A',
      placementId: 'A',
      periodFrom: '2019-02-04',
      periodTo: '2019-02-28',
      source: 'eIndkomst',
      documentSha256: SHA(1),
    }),
  );
  const verified = evidence.events.find((e: any) => e.type === 'OutcomeVerified');
  const reversed = (await ok(as('commissioner').post(`${C}/referrals`, { cpr: '010180-4444', referredOn: '2019-01-02', intakeOutcome: 'accepted' })))
    .participantId;
  await ok(as('provider').post(`${C}/participants/${reversed}/enrolment`, { enrolledOn: '2019-01-07' }));
  await ok(
    as('provider').post(`${C}/participants/${reversed}/placements`, {
      placementId: 'R',
      employerRef: 'employer-2',
      kind: 'ordinary',
      hoursPerWeek: 20,
      startDate: '2019-02-04',
    }),
  );
  const paid = (
    await ok(
      as('provider').post(`${C}/participants/${reversed}/payroll-evidence`, {
        evidenceId: 'ev-R',
        placementId: 'R',
        periodFrom: '2019-02-04',
        periodTo: '2019-02-10',
        source: 'eIndkomst',
        documentSha256: SHA(4),
      }),
    )
  ).events.find((e: any) => e.type === 'OutcomeVerified').data.paymentId;
  await ok(as('payment-service').post(`${C}/payments/${encodeURIComponent(paid)}/confirmation`, { reference: 'PAY-2019-000001', confirmedOn: '2019-02-20' }));
  await ok(as('provider').post(`${C}/participants/${reversed}/payroll-evidence/ev-R/revocation`, { reason: 'payslip belonged to another employee' }));
  const endingContractId = `${ids.contractId}-ending`;
  const endedContractId = `${ids.contractId}-ended`;
  for (const id of [endingContractId, endedContractId]) {
    await ok(as('commissioner').post('/contracts', impact60(id)));
    await ok(as('commissioner').post(`/contracts/${id}/activation`, { activatedOn: '2018-09-01' }));
  }
  await ok(as('commissioner').post(`/contracts/${endingContractId}/termination/proposals`, { ...terminationProposal(), reason: 'Programme merged' }));
  await ok(as('commissioner').post(`/contracts/${endedContractId}/termination`, { effectiveOn: '2019-06-30', reason: 'Programme closed' }));
  await ok(as('commissioner').post(`/contracts/${endedContractId}/settlement/proposals`, {}));
  return {
    ...ids,
    endingContractId,
    endedContractId,
    enrolled,
    referred,
    paymentId: verified.data.paymentId,
    toRecoverId: paid,
    unreferredCpr: '010180-3333',
  };
}

/** A termination on the contract's own terms, named by their method, as both parties may propose it. */
function terminationProposal(): Record<string, unknown> {
  return { effectiveOn: '2020-06-30', reason: 'Programme continues as a municipal service', method: impact60().termination.method };
}

const C = (p: Record<string, string>) => `/contracts/${p.contractId}`;
const P = (p: Record<string, string>) => `${C(p)}/participants/${p.participantId}`;

/**
 * Every endpoint that records something, each with a body it accepts in the fixture's state. In
 * the order in which all of them can be sent once, one after the other, and each still succeed.
 */
export function writeEndpoints(f: WriteFixture): WriteEndpoint[] {
  const c = { contractId: f.contractId };
  return [
    {
      name: 'POST /contracts',
      role: 'commissioner',
      params: {},
      path: () => '/contracts',
      body: () => ({ ...impact60(f.newContractId) }),
      fields: {
        contractId: { kind: 'id' },
        title: { kind: 'text' },
        currency: { kind: 'id' },
        parties: { kind: 'object' },
        period: { kind: 'object' },
        targetParticipants: { kind: 'hours' },
        outcomes: { kind: 'object' },
        caps: { kind: 'object', optional: true },
        termination: { kind: 'object' },
      },
    },
    {
      name: 'POST /contracts/:contractId/activation',
      role: 'commissioner',
      params: { contractId: f.inactiveContractId },
      path: (p) => `${C(p)}/activation`,
      body: () => ({ activatedOn: '2018-09-01' }),
      fields: { activatedOn: { kind: 'date' } },
    },
    {
      name: 'POST /contracts/:contractId/referrals',
      role: 'commissioner',
      params: c,
      path: (p) => `${C(p)}/referrals`,
      body: () => ({ cpr: f.unreferredCpr, referredOn: '2019-01-03', intakeOutcome: 'accepted', intakeVariant: 'thorough' }),
      fields: { cpr: { kind: 'cpr' }, referredOn: { kind: 'date' }, intakeOutcome: { kind: 'choice' }, intakeVariant: { kind: 'text', optional: true } },
    },
    {
      name: 'POST /contracts/:contractId/participants/:participantId/enrolment',
      role: 'provider',
      params: { ...c, participantId: f.referred },
      path: (p) => `${P(p)}/enrolment`,
      body: () => ({ enrolledOn: '2019-01-07' }),
      fields: { enrolledOn: { kind: 'date' } },
    },
    {
      name: 'POST /contracts/:contractId/participants/:participantId/placements',
      role: 'provider',
      params: { ...c, participantId: f.enrolled },
      path: (p) => `${P(p)}/placements`,
      body: () => ({ placementId: 'B', employerRef: 'employer-0042', kind: 'ordinary', hoursPerWeek: 20, startDate: '2019-04-01' }),
      fields: {
        placementId: { kind: 'id' },
        employerRef: { kind: 'id' },
        kind: { kind: 'choice' },
        hoursPerWeek: { kind: 'hours' },
        startDate: { kind: 'date' },
      },
    },
    {
      name: 'POST /contracts/:contractId/participants/:participantId/payroll-evidence',
      role: 'provider',
      params: { ...c, participantId: f.enrolled },
      path: (p) => `${P(p)}/payroll-evidence`,
      body: () => ({ evidenceId: 'ev-A2', placementId: 'A', periodFrom: '2019-03-01', periodTo: '2019-03-10', source: 'eIndkomst', documentSha256: SHA(2) }),
      fields: {
        evidenceId: { kind: 'id' },
        placementId: { kind: 'id' },
        periodFrom: { kind: 'date' },
        periodTo: { kind: 'date' },
        source: { kind: 'text' },
        documentSha256: { kind: 'sha256' },
      },
    },
    {
      name: 'POST /contracts/:contractId/participants/:participantId/benefit-weeks',
      role: 'commissioner',
      params: { ...c, participantId: f.enrolled },
      path: (p) => `${P(p)}/benefit-weeks`,
      body: () => ({ week: '2019-W06', benefitPaid: false, source: 'DREAM' }),
      fields: { week: { kind: 'week' }, benefitPaid: { kind: 'boolean' }, source: { kind: 'text' } },
    },
    {
      name: 'POST /contracts/:contractId/payments/:paymentId/confirmation',
      role: 'payment-service',
      params: { ...c, paymentId: f.paymentId },
      path: (p) => `${C(p)}/payments/${encodeURIComponent(p.paymentId)}/confirmation`,
      body: () => ({ reference: 'PAY-2019-000123', confirmedOn: '2019-03-01' }),
      fields: { reference: { kind: 'text' }, confirmedOn: { kind: 'date' } },
    },
    {
      name: 'POST /contracts/:contractId/payments/:paymentId/recovery',
      role: 'payment-service',
      params: { ...c, paymentId: f.toRecoverId },
      path: (p) => `${C(p)}/payments/${encodeURIComponent(p.paymentId)}/recovery`,
      body: () => ({ reference: 'REC-2019-000001', recoveredOn: '2019-03-05' }),
      fields: { reference: { kind: 'text' }, recoveredOn: { kind: 'date' } },
    },
    {
      name: 'POST /contracts/:contractId/participants/:participantId/placements/:placementId/corrections',
      role: 'provider',
      params: { ...c, participantId: f.enrolled, placementId: 'A' },
      path: (p) => `${P(p)}/placements/${p.placementId}/corrections`,
      body: () => ({ hoursPerWeek: 18, reason: 'hours misreported' }),
      fields: {
        startDate: { kind: 'date', optional: true },
        endDate: { kind: 'date', optional: true },
        hoursPerWeek: { kind: 'hours', optional: true },
        kind: { kind: 'choice', optional: true },
        reason: { kind: 'text' },
      },
    },
    {
      name: 'POST /contracts/:contractId/participants/:participantId/placements/:placementId/end',
      role: 'provider',
      params: { ...c, participantId: f.enrolled, placementId: 'A' },
      path: (p) => `${P(p)}/placements/${p.placementId}/end`,
      body: () => ({ endDate: '2019-03-10', reason: 'contract ended' }),
      fields: { endDate: { kind: 'date' }, reason: { kind: 'text' } },
    },
    {
      name: 'POST /contracts/:contractId/participants/:participantId/payroll-evidence/:evidenceId/revocation',
      role: 'provider',
      params: { ...c, participantId: f.enrolled, evidenceId: 'ev-A2' },
      path: (p) => `${P(p)}/payroll-evidence/${p.evidenceId}/revocation`,
      body: () => ({ reason: 'payslip belonged to another employee' }),
      fields: { reason: { kind: 'text' } },
    },
    {
      name: 'POST /contracts/:contractId/participants/:participantId/withdrawal',
      role: 'provider',
      params: { ...c, participantId: f.enrolled },
      path: (p) => `${P(p)}/withdrawal`,
      body: () => ({ withdrawnOn: '2019-12-01', reason: 'moved away' }),
      fields: { withdrawnOn: { kind: 'date' }, reason: { kind: 'text' } },
    },
    {
      name: 'POST /contracts/:contractId/amendments',
      role: 'commissioner',
      params: c,
      path: (p) => `${C(p)}/amendments`,
      body: () => ({ definition: { ...impact60(f.contractId), caps: { perParticipant: 11000000, total: 700000000 } }, reason: 'total cap raised' }),
      fields: { definition: { kind: 'object' }, reason: { kind: 'text' } },
    },
    {
      name: 'POST /contracts/:contractId/termination',
      role: 'commissioner',
      params: c,
      path: (p) => `${C(p)}/termination`,
      body: () => ({ effectiveOn: '2020-12-31', reason: 'Programme continues as a municipal service' }),
      fields: { effectiveOn: { kind: 'date' }, reason: { kind: 'text' }, method: { kind: 'object', optional: true } },
    },
    // Proposals: the proposer's withdrawal of the fixture's proposal 1, a new proposal 2, and the other party's acceptance of it.
    ...proposalEndpoints('termination', f.endingContractId, {
      body: terminationProposal,
      fields: { effectiveOn: { kind: 'date' }, reason: { kind: 'text' }, method: { kind: 'object' } },
    }),
    ...proposalEndpoints('settlement', f.endedContractId, { body: () => ({}), fields: {} }),
  ];
}

/** The three routes of a party's proposals (termination or settlement) on a contract whose proposal 1 is the commissioner's and open. */
function proposalEndpoints(
  subject: 'termination' | 'settlement',
  contractId: string,
  proposal: { body: () => Record<string, unknown>; fields: Fields },
): WriteEndpoint[] {
  const proposals = (p: Record<string, string>) => `${C(p)}/${subject}/proposals`;
  return [
    {
      name: `POST /contracts/:contractId/${subject}/proposals/:proposalId/withdrawal`,
      role: 'commissioner',
      params: { contractId, proposalId: '1' },
      path: (p) => `${proposals(p)}/${p.proposalId}/withdrawal`,
      body: () => ({}),
      fields: {},
    },
    {
      name: `POST /contracts/:contractId/${subject}/proposals`,
      role: 'commissioner',
      params: { contractId },
      path: proposals,
      body: proposal.body,
      fields: proposal.fields,
    },
    {
      name: `POST /contracts/:contractId/${subject}/proposals/:proposalId/agreement`,
      role: 'investor',
      params: { contractId, proposalId: '2' },
      path: (p) => `${proposals(p)}/${p.proposalId}/agreement`,
      body: () => ({}),
      fields: {},
    },
  ];
}

type Fields = WriteEndpoint['fields'];
const participant: Fields = { participantId: { kind: 'id' } };

/**
 * One valid import line per importable command type, in the fixture's state (commandId left to
 * the caller), in an order in which each can be sent once and succeed: `data` holds the
 * endpoint's body plus what its path gives, and `fields` the kind of each.
 */
export function importLineData(f: WriteFixture): Array<{ type: string; role: WriteEndpoint['role']; data: Record<string, unknown>; fields: Fields }> {
  return [
    {
      type: 'ReferParticipant',
      role: 'commissioner',
      data: { cpr: f.unreferredCpr, referredOn: '2019-01-03', intakeOutcome: 'accepted', intakeVariant: 'thorough' },
      fields: { cpr: { kind: 'cpr' }, referredOn: { kind: 'date' }, intakeOutcome: { kind: 'choice' }, intakeVariant: { kind: 'text', optional: true } },
    },
    {
      type: 'EnrolParticipant',
      role: 'provider',
      data: { participantId: f.referred, enrolledOn: '2019-01-07' },
      fields: { ...participant, enrolledOn: { kind: 'date' } },
    },
    {
      type: 'StartPlacement',
      role: 'provider',
      data: { participantId: f.enrolled, placementId: 'C', employerRef: 'employer-7', kind: 'ordinary', hoursPerWeek: 20, startDate: '2019-05-01' },
      fields: {
        ...participant,
        placementId: { kind: 'id' },
        employerRef: { kind: 'id' },
        kind: { kind: 'choice' },
        hoursPerWeek: { kind: 'hours' },
        startDate: { kind: 'date' },
      },
    },
    {
      type: 'RecordPayrollEvidence',
      role: 'provider',
      data: {
        participantId: f.enrolled,
        evidenceId: 'ev-A3',
        placementId: 'A',
        periodFrom: '2019-03-01',
        periodTo: '2019-03-05',
        source: 'eIndkomst',
        documentSha256: SHA(3),
      },
      fields: {
        ...participant,
        evidenceId: { kind: 'id' },
        placementId: { kind: 'id' },
        periodFrom: { kind: 'date' },
        periodTo: { kind: 'date' },
        source: { kind: 'text' },
        documentSha256: { kind: 'sha256' },
      },
    },
    {
      type: 'RecordBenefitWeek',
      role: 'commissioner',
      data: { participantId: f.enrolled, week: '2019-W07', benefitPaid: false, source: 'DREAM' },
      fields: { ...participant, week: { kind: 'week' }, benefitPaid: { kind: 'boolean' }, source: { kind: 'text' } },
    },
    {
      type: 'ConfirmPayment',
      role: 'payment-service',
      data: { paymentId: f.paymentId, reference: 'PAY-2019-000124', confirmedOn: '2019-03-02' },
      fields: { paymentId: { kind: 'id' }, reference: { kind: 'text' }, confirmedOn: { kind: 'date' } },
    },
    {
      type: 'ConfirmRecovery',
      role: 'payment-service',
      data: { paymentId: f.toRecoverId, reference: 'REC-2019-000002', recoveredOn: '2019-03-06' },
      fields: { paymentId: { kind: 'id' }, reference: { kind: 'text' }, recoveredOn: { kind: 'date' } },
    },
    {
      type: 'CorrectPlacement',
      role: 'provider',
      data: { participantId: f.enrolled, placementId: 'A', hoursPerWeek: 19, reason: 'hours misreported' },
      fields: {
        ...participant,
        placementId: { kind: 'id' },
        startDate: { kind: 'date', optional: true },
        endDate: { kind: 'date', optional: true },
        hoursPerWeek: { kind: 'hours', optional: true },
        kind: { kind: 'choice', optional: true },
        reason: { kind: 'text' },
      },
    },
    {
      type: 'EndPlacement',
      role: 'provider',
      data: { participantId: f.enrolled, placementId: 'A', endDate: '2019-03-10', reason: 'contract ended' },
      fields: { ...participant, placementId: { kind: 'id' }, endDate: { kind: 'date' }, reason: { kind: 'text' } },
    },
    {
      type: 'RevokePayrollEvidence',
      role: 'provider',
      data: { participantId: f.enrolled, evidenceId: 'ev-A', reason: 'payslip belonged to another employee' },
      fields: { ...participant, evidenceId: { kind: 'id' }, reason: { kind: 'text' } },
    },
    {
      type: 'WithdrawParticipant',
      role: 'provider',
      data: { participantId: f.enrolled, withdrawnOn: '2019-12-01', reason: 'moved away' },
      fields: { ...participant, withdrawnOn: { kind: 'date' }, reason: { kind: 'text' } },
    },
  ];
}
