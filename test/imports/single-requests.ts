import type { ApiClient, ApiResponse } from '#test-support/api-client.js';
import type { ImportLine } from './jsonl.js';

/** The single endpoint that records the same fact as an import line (the line's data = path + body). */
export function sendAsSingleRequest(client: ApiClient, contractId: string, line: ImportLine): Promise<ApiResponse> {
  const C = `/contracts/${contractId}`;
  const { participantId, placementId, evidenceId, paymentId, ...body } = line.data as Record<string, string>;
  const P = `${C}/participants/${participantId}`;
  const headers = { 'idempotency-key': line.commandId };
  switch (line.type) {
    case 'ReferParticipant':
      return client.post(`${C}/referrals`, body, headers);
    case 'EnrolParticipant':
      return client.post(`${P}/enrolment`, body, headers);
    case 'WithdrawParticipant':
      return client.post(`${P}/withdrawal`, body, headers);
    case 'StartPlacement':
      return client.post(`${P}/placements`, { placementId, ...body }, headers);
    case 'EndPlacement':
      return client.post(`${P}/placements/${placementId}/end`, body, headers);
    case 'CorrectPlacement':
      return client.post(`${P}/placements/${placementId}/corrections`, body, headers);
    case 'RecordPayrollEvidence':
      return client.post(`${P}/payroll-evidence`, { placementId, evidenceId, ...body }, headers);
    case 'RevokePayrollEvidence':
      return client.post(`${P}/payroll-evidence/${evidenceId}/revocation`, body, headers);
    case 'RecordBenefitWeek':
      return client.post(`${P}/benefit-weeks`, body, headers);
    case 'ConfirmPayment':
      return client.post(`${C}/payments/${paymentId}/confirmation`, body, headers);
    default:
      throw new Error(`no single endpoint for ${line.type}`);
  }
}
