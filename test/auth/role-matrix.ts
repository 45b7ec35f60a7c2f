import type { INestApplication } from '@nestjs/common';
import { ROLES, type Role } from '#auth';
import { createTokens, type TokenSpec } from '#test-support/tokens.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface MatrixRoute {
  method: HttpMethod;
  /** A concrete path, e.g. `/contracts/aalborg-impact60/outcomes`. */
  path: string;
  /** The roles that must get through the guard, or 'public' for routes anyone may call without a token. */
  allowed: readonly Role[] | 'public';
  /** JSON body for POST/PUT/PATCH (sent as it is when `contentType` is given). */
  body?: unknown;
  /** The body's media type when the route does not take JSON (the import route takes JSON Lines). */
  contentType?: string;
  /**
   * The contract the path names. When given, each allowed role's out-of-scope principal (scoped
   * only to another contract) must get the answer the service gives for a contract that does not
   * exist, byte for byte; a role the route does not admit, 403. Defaults to the id after
   * `/contracts/` in the path, if any.
   */
  contractId?: string;
  /** What an allowed role's out-of-scope principal gets: `not-found` (the default) or 403 (registering a contract). */
  outOfScope?: 'not-found' | 403;
}

export interface MatrixTokens {
  /** One token per role, scoped to the contracts the routes name (or to all). */
  inScope: Record<Role, string>;
  /** One token per role, scoped only to some other contract. */
  outOfScope: Record<Role, string>;
  /** An auditor of every contract: asks what the service answers for a contract that does not exist. */
  everyContract: string;
}

/** A token per role scoped to `contractIds`, and one per role scoped to another contract only. */
export async function createMatrixTokens(
  app: INestApplication,
  contractIds: readonly string[] | '*',
  otherContractId = 'matrix-other-contract',
): Promise<MatrixTokens> {
  const specs = (suffix: string, contracts: readonly string[] | '*') =>
    Object.fromEntries(ROLES.map((role) => [role, { name: `matrix-${role}-${suffix}`, role, contracts } satisfies TokenSpec])) as Record<Role, TokenSpec>;
  return {
    inScope: await createTokens(app, specs('in', contractIds)),
    outOfScope: await createTokens(app, specs('out', [otherContractId])),
    everyContract: (await createTokens(app, { all: { name: 'matrix-auditor-all', role: 'auditor', contracts: '*' } })).all,
  };
}

const UNKNOWN_CONTRACT = 'matrix-no-such-contract';

/**
 * The exact bytes the service answers for a contract that does not exist, for any contract id:
 * asked once for an id no contract has, the id (which the answer quotes) then replaced.
 */
export async function unknownContractAnswer(baseUrl: string, tokens: MatrixTokens): Promise<(contractId: string) => string> {
  const response = await fetch(`${baseUrl}/contracts/${UNKNOWN_CONTRACT}`, { headers: { authorization: `Bearer ${tokens.everyContract}` } });
  const text = await response.text();
  if (response.status !== 404 || !text.includes(UNKNOWN_CONTRACT))
    throw new Error(`an unknown contract: expected a 404 quoting its id, got ${response.status} ${text}`);
  return (contractId) => text.split(UNKNOWN_CONTRACT).join(contractId);
}

interface Probe {
  caller: string;
  token?: string;
  expect: 'through' | 401 | 403 | 'not-found';
}

const CONTRACT_IN_PATH = /^\/contracts\/([^/?#]+)/;

/**
 * Walks the route × caller matrix through real HTTP and fails once, listing every cell that went
 * wrong. Callers: no token and a bad token (401, with WWW-Authenticate: Bearer), each of the six
 * roles (403 unless allowed, otherwise anything but 401/403), and for contract routes each role's
 * principal scoped to another contract: 403 for a role the route does not admit, else exactly the
 * bytes the service answers for a contract that does not exist (unknownContractAnswer; whether
 * the contract exists or not); an allowed call that answers `contract-not-found` must answer those
 * bytes too. Allowed calls really run: order routes accordingly.
 */
export async function expectRoleMatrix(baseUrl: string, tokens: MatrixTokens, routes: readonly MatrixRoute[]): Promise<void> {
  const notFound = await unknownContractAnswer(baseUrl, tokens);
  const failures: string[] = [];
  for (const route of routes) {
    const isPublic = route.allowed === 'public';
    const allowed = new Set<Role>(isPublic ? ROLES : (route.allowed as readonly Role[]));
    const contractId = route.contractId ?? CONTRACT_IN_PATH.exec(route.path)?.[1];
    const probes: Probe[] = [
      { caller: 'no token', expect: isPublic ? 'through' : 401 },
      { caller: 'bad token', token: 'ovt_' + 'x'.repeat(43), expect: isPublic ? 'through' : 401 },
    ];
    // Refused callers first, so that allowed calls (which may change state) come last.
    if (contractId !== undefined && !isPublic) {
      for (const role of ROLES) {
        const expect = allowed.has(role) ? (route.outOfScope ?? 'not-found') : 403;
        probes.push({ caller: `${role} scoped to another contract`, token: tokens.outOfScope[role], expect });
      }
    }
    for (const role of ROLES) if (!allowed.has(role)) probes.push({ caller: role, token: tokens.inScope[role], expect: 403 });
    for (const role of ROLES) if (allowed.has(role)) probes.push({ caller: role, token: tokens.inScope[role], expect: 'through' });

    for (const probe of probes) {
      const headers: Record<string, string> = {};
      if (probe.token !== undefined) headers.authorization = `Bearer ${probe.token}`;
      if (route.body !== undefined) headers['content-type'] = route.contentType ?? 'application/json';
      const response = await fetch(baseUrl + route.path, {
        method: route.method,
        headers,
        body: route.body === undefined ? undefined : route.contentType === undefined ? JSON.stringify(route.body) : (route.body as string),
      });
      const text = await response.text();
      const cell = `${route.method} ${route.path} as ${probe.caller}: expected ${probe.expect === 'through' ? 'not 401/403' : probe.expect}, got ${response.status}`;
      const unknownContract = contractId === undefined ? undefined : notFound(contractId);
      if (probe.expect === 'through') {
        if (response.status === 401 || response.status === 403) failures.push(`${cell} ${text}`);
        else if (text.includes('"contract-not-found"') && text !== unknownContract)
          failures.push(`${cell} ${text}, not the unknown contract's ${unknownContract}`);
        continue;
      }
      if (probe.expect === 'not-found') {
        if (response.status !== 404 || text !== unknownContract) failures.push(`${cell} ${text}, not the unknown contract's ${unknownContract}`);
        continue;
      }
      if (response.status !== probe.expect) {
        failures.push(`${cell} ${text}`);
        continue;
      }
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      const { statusCode, message } = (body ?? {}) as { statusCode?: unknown; message?: unknown };
      if (statusCode !== probe.expect || typeof message !== 'string') failures.push(`${cell} but body ${text}`);
      if (probe.expect === 401 && !/^Bearer\b/.test(response.headers.get('www-authenticate') ?? '')) {
        failures.push(`${cell} but WWW-Authenticate is ${JSON.stringify(response.headers.get('www-authenticate'))}`);
      }
    }
  }
  if (failures.length > 0) throw new Error(`role matrix: ${failures.length} cell(s) wrong:\n  ${failures.join('\n  ')}`);
}
