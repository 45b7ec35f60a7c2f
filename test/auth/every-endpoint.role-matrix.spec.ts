import type { Role } from '../../libs/auth/src/index.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createMatrixTokens, expectRoleMatrix, type HttpMethod, type MatrixRoute } from './role-matrix.js';

/**
 * Who may do what, for every endpoint the service documents: the policy is written out here, by
 * hand, and walked through real HTTP for every role, for no token, a bad token, and principals
 * scoped to another contract. A new endpoint without a line here fails the test.
 */
const POLICY: Record<string, readonly Role[] | 'public'> = {
  'GET /health': 'public',
  'GET /me': ['commissioner', 'provider', 'investor', 'payment-service', 'auditor', 'evaluator'],
  // contracts and their facts
  'POST /contracts': ['commissioner'],
  'POST /contracts/{contractId}/activation': ['commissioner'],
  'POST /contracts/{contractId}/amendments': ['commissioner'],
  'POST /contracts/{contractId}/termination': ['commissioner'],
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
  'POST /contracts/{contractId}/imports': ['commissioner', 'provider', 'payment-service'],
  // reads
  'GET /contracts/{contractId}': ['commissioner', 'investor', 'provider', 'auditor', 'evaluator'],
  'GET /contracts/{contractId}/participants': ['commissioner', 'provider', 'investor', 'auditor'],
  'GET /contracts/{contractId}/participants/{participantId}/timeline': ['commissioner', 'provider', 'investor', 'auditor'],
  'GET /contracts/{contractId}/occurrences': ['commissioner', 'investor', 'provider', 'auditor', 'payment-service'],
  'GET /contracts/{contractId}/occurrences/{paymentId}': ['commissioner', 'provider', 'investor', 'auditor'],
  'GET /contracts/{contractId}/feed': ['payment-service', 'auditor', 'commissioner', 'investor'],
  'GET /feed/payments': ['payment-service', 'auditor'],
  // the verifiable log
  'GET /ledger/public-key': 'public',
  'GET /ledger/checkpoints/latest': ['auditor', 'payment-service'],
  'GET /ledger/checkpoints/{treeSize}': ['auditor', 'payment-service'],
  'POST /ledger/checkpoints': ['auditor'],
  'GET /ledger/leaves/{index}/inclusion-proof': ['auditor'],
  'GET /ledger/events/{eventId}/inclusion-proof': ['auditor'],
  'GET /contracts/{contractId}/payments/{paymentId}/inclusion-proof': ['auditor', 'payment-service'],
  'GET /ledger/consistency-proof': ['auditor', 'payment-service'],
  'GET /contracts/{contractId}/audit-export': ['auditor'],
};

const CONTRACT = 'aalborg-impact60';
const SAMPLE_PARAMS: Record<string, string> = {
  contractId: CONTRACT,
  participantId: `p_${'0'.repeat(32)}`,
  placementId: 'A',
  evidenceId: 'ev-1',
  paymentId: `${CONTRACT}:p_${'0'.repeat(32)}:JOB_START:1:1`,
};

function concrete(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(SAMPLE_PARAMS[name] ?? 'x'));
}

describe('who may do what: every endpoint × every role', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('documents no endpoint that the policy above does not cover, and covers none that does not exist', async () => {
    const openapi = (await (await fetch(`${t.baseUrl}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(openapi.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(Object.keys(POLICY).sort());
  });

  it('lets exactly the allowed roles through, refuses the rest with 403, strangers with 401, other contracts’ principals with 403', async () => {
    const tokens = await createMatrixTokens(t.app, [CONTRACT]);
    const routes: MatrixRoute[] = Object.entries(POLICY).map(([key, allowed]) => {
      const [method, path] = key.split(' ') as [HttpMethod, string];
      // Allowed calls really run: bodies are left invalid ({}), so they stop at validation (400)
      // or at an unknown contract (404) and change nothing; the registration names the contract.
      const body = method === 'POST' ? (path === '/contracts' ? { contractId: CONTRACT } : {}) : undefined;
      return { method, path: concrete(path), allowed, body, ...(path === '/contracts' ? { contractId: CONTRACT } : {}) };
    });
    await expectRoleMatrix(t.baseUrl, tokens, routes);
  });
});
