import { startTestApp, type TestApp } from '#test-support/test-app.js';
import { bearer } from '#test-support/tokens.js';
import { POLICY } from './policy.js';
import { createMatrixTokens, expectRoleMatrix, type HttpMethod, type MatrixRoute, unknownContractAnswer } from './role-matrix.js';

const CONTRACT = 'aalborg-impact60';
const SAMPLE_PARAMS: Record<string, string> = {
  contractId: CONTRACT,
  participantId: `p_${'0'.repeat(32)}`,
  placementId: 'A',
  evidenceId: 'ev-1',
  paymentId: `${CONTRACT}:p_${'0'.repeat(32)}:JOB_START:1:1`,
  proposalId: '1',
};

function concrete(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(SAMPLE_PARAMS[name] ?? 'x'));
}

describe('who may do what: every endpoint × every role', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The walk presents one bad token to every route from one address: above the failure limits'
    // defaults (a token refused 5 times gets 429, test/api/rate-limits.spec.ts), which are not what it checks.
    t = await startTestApp({ AUTH_FAILURE_LIMIT: '1000', AUTH_FAILURE_LIMIT_PER_TOKEN: '1000' });
  });
  afterAll(() => t.close());

  it('documents no endpoint that the policy above does not cover, and covers none that does not exist', async () => {
    const openapi = (await (await fetch(`${t.baseUrl}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(openapi.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(Object.keys(POLICY).sort());
  });

  it('lets exactly the allowed roles through, refuses the rest with 403, strangers with 401; other contracts’ principals find no contract', async () => {
    const tokens = await createMatrixTokens(t.app, [CONTRACT]);
    // The contract is not registered: what the service answers for it is what an outsider must get, byte for byte.
    const unknown = await fetch(`${t.baseUrl}/contracts/${CONTRACT}`, { headers: bearer(tokens.inScope.commissioner) });
    const notFound = await unknown.text();
    expect([unknown.status, JSON.parse(notFound)]).toEqual([
      404,
      { statusCode: 404, error: 'contract-not-found', message: `No contract ${CONTRACT} is registered.`, field: 'contractId' },
    ]);
    const routes: MatrixRoute[] = Object.entries(POLICY).map(([key, allowed]) => {
      const [method, path] = key.split(' ') as [HttpMethod, string];
      // Allowed calls really run: bodies are left invalid ({}), so they stop at validation (400)
      // or at an unknown contract (404) and change nothing; the registration names the contract.
      // The import takes JSON Lines (any other media type is refused before the guard): one line, not a command.
      if (path.endsWith('/imports')) return { method, path: concrete(path), allowed, body: '{}\n', contentType: 'application/x-ndjson' };
      const body = method === 'POST' ? (path === '/contracts' ? { contractId: CONTRACT } : {}) : undefined;
      // Registering a contract outside the scope is a 403 (requireScopeToRegister): there is nothing to be found.
      return { method, path: concrete(path), allowed, body, ...(path === '/contracts' ? { contractId: CONTRACT, outOfScope: 403 as const } : {}) };
    });
    expect((await unknownContractAnswer(t.baseUrl, tokens))(CONTRACT)).toBe(notFound);
    await expectRoleMatrix(t.baseUrl, tokens, routes);
  });
});
