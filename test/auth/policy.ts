import type { Role } from '#auth';

/**
 * Who may do what, for every endpoint the service documents: the policy is written out here, by
 * hand, and walked through real HTTP for every role, for no token, a bad token, and principals
 * scoped to another contract, who must find no contract (every-endpoint.role-matrix.spec.ts;
 * out-of-scope.http.spec.ts); a new endpoint without a line here fails that test. The endpoint tables of the README and docs/
 * must say the same, both ways (test/docs/endpoint-tables.spec.ts).
 */
export const POLICY: Record<string, readonly Role[] | 'public'> = {
  'GET /health': 'public',
  'GET /health/live': 'public',
  'GET /health/ready': 'public',
  'GET /me': ['commissioner', 'provider', 'investor', 'payment-service', 'auditor', 'evaluator'],
  // contracts and their facts
  'POST /contracts': ['commissioner'],
  'POST /contracts/{contractId}/activation': ['commissioner'],
  'POST /contracts/{contractId}/amendments': ['commissioner'],
  'POST /contracts/{contractId}/termination': ['commissioner'],
  'POST /contracts/{contractId}/termination/proposals': ['commissioner', 'investor'],
  'POST /contracts/{contractId}/termination/proposals/{proposalId}/agreement': ['commissioner', 'investor'],
  'POST /contracts/{contractId}/termination/proposals/{proposalId}/withdrawal': ['commissioner', 'investor'],
  'POST /contracts/{contractId}/referrals': ['commissioner'],
  'POST /contracts/{contractId}/participants/{participantId}/enrolment': ['provider'],
  'POST /contracts/{contractId}/participants/{participantId}/withdrawal': ['provider', 'commissioner'],
  'POST /contracts/{contractId}/participants/{participantId}/placements': ['provider'],
  'POST /contracts/{contractId}/participants/{participantId}/placements/{placementId}/end': ['provider'],
  'POST /contracts/{contractId}/participants/{participantId}/placements/{placementId}/corrections': ['provider'],
  'POST /contracts/{contractId}/participants/{participantId}/payroll-evidence': ['provider'],
  'POST /contracts/{contractId}/participants/{participantId}/payroll-evidence/{evidenceId}/revocation': ['provider'],
  'POST /contracts/{contractId}/participants/{participantId}/benefit-weeks': ['commissioner'],
  'POST /contracts/{contractId}/payments/{paymentId}/confirmation': ['payment-service'],
  'POST /contracts/{contractId}/payments/{paymentId}/recovery': ['payment-service'],
  'POST /contracts/{contractId}/imports': ['commissioner', 'provider', 'payment-service'],
  // reads
  'GET /contracts/{contractId}': ['commissioner', 'investor', 'provider', 'auditor', 'evaluator'],
  'GET /contracts/{contractId}/participants': ['commissioner', 'provider', 'investor', 'auditor'],
  'GET /contracts/{contractId}/participants/{participantId}/timeline': ['commissioner', 'provider', 'investor', 'auditor'],
  'GET /contracts/{contractId}/occurrences': ['commissioner', 'investor', 'provider', 'auditor', 'payment-service'],
  'GET /contracts/{contractId}/occurrences/{paymentId}': ['commissioner', 'provider', 'investor', 'auditor'],
  'GET /contracts/{contractId}/feed': ['payment-service', 'auditor', 'commissioner', 'investor'],
  'GET /feed/payments': ['payment-service', 'auditor'],
  // evaluators
  'GET /contracts/{contractId}/evidence-package': ['evaluator', 'auditor'],
  'GET /contracts/{contractId}/figures': ['evaluator', 'auditor', 'commissioner', 'investor'],
  'GET /contracts/{contractId}/report': ['evaluator', 'auditor', 'commissioner', 'investor'],
  'GET /contracts/{contractId}/evidence-exports': ['auditor', 'commissioner'],
  // the settlement of an early termination
  'GET /contracts/{contractId}/settlement': ['commissioner', 'investor', 'provider', 'auditor', 'payment-service'],
  'GET /contracts/{contractId}/settlement/what-if': ['commissioner', 'investor', 'auditor'],
  'GET /contracts/{contractId}/settlement/what-if/comparison': ['commissioner', 'investor', 'auditor'],
  'POST /contracts/{contractId}/settlement/proposals': ['commissioner', 'investor'],
  'POST /contracts/{contractId}/settlement/proposals/{proposalId}/agreement': ['commissioner', 'investor'],
  'POST /contracts/{contractId}/settlement/proposals/{proposalId}/withdrawal': ['commissioner', 'investor'],
  // the verifiable ledger
  'GET /ledger/public-key': 'public',
  'GET /ledger/checkpoints/latest': ['auditor', 'payment-service'],
  'GET /ledger/checkpoints/{treeSize}': ['auditor', 'payment-service'],
  'POST /ledger/checkpoints': ['auditor'],
  'GET /ledger/leaves': ['auditor', 'payment-service'],
  'GET /ledger/leaves/{index}/inclusion-proof': ['auditor'],
  'GET /ledger/events/{eventId}/inclusion-proof': ['auditor'],
  'GET /contracts/{contractId}/payments/{paymentId}/inclusion-proof': ['auditor', 'payment-service'],
  'GET /ledger/consistency-proof': ['auditor', 'payment-service'],
  'GET /contracts/{contractId}/audit-export': ['auditor'],
};
