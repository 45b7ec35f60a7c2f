import 'reflect-metadata';
import { type ExecutionContext, ForbiddenException, HttpException, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { contractNotFound } from '#domain';
import { AuthGuard, bearerTokenOf } from './auth.guard.js';
import { Public, Roles } from './decorators.js';
import type { Principal } from './principal.js';
import { principalOf } from './request-principal.js';
import type { TokenService } from './token.service.js';

class Routes {
  @Public() health(): void {}
  @Roles('commissioner', 'investor') contract(): void {}
  undeclared(): void {}
  @Roles() nobody(): void {}
}

@Roles('auditor')
class AuditorRoutes {
  inherited(): void {}
  @Roles('provider') own(): void {}
  @Public() open(): void {}
}

@Public()
class PublicRoutes {
  open(): void {}
  @Roles('evaluator') closed(): void {}
}

const principals: Record<string, Principal> = {
  ovt_commissioner: { name: 'aalborg-kommune', role: 'commissioner', party: null, contracts: ['aalborg-impact60'] },
  'ovt_investor-all': { name: 'den-sociale-kapitalfond', role: 'investor', party: null, contracts: '*' },
  ovt_provider: { name: 'fokus-folkeoplysning', role: 'provider', party: null, contracts: ['aalborg-impact60'] },
  ovt_auditor: { name: 'rigsrevisionen', role: 'auditor', party: null, contracts: ['aalborg-impact60'] },
};
const tokens = { authenticate: async (token: string) => principals[token] } as unknown as TokenService;
const guard = new AuthGuard(new Reflector(), tokens);

interface Call {
  request: { headers: Record<string, string>; params: Record<string, string> };
  headers: Record<string, string>;
  context: ExecutionContext;
}

function call(cls: new () => object, method: string, token?: string, params: Record<string, string> = {}): Call {
  const request: Call['request'] = { headers: token === undefined ? {} : { authorization: `Bearer ${token}` }, params };
  const headers: Record<string, string> = {};
  const response = { header: (name: string, value: string) => (headers[name.toLowerCase()] = value) };
  const handler = (cls.prototype as Record<string, () => void>)[method];
  const context = {
    getType: () => 'http',
    getClass: () => cls,
    getHandler: () => handler,
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
  } as unknown as ExecutionContext;
  return { request, headers, context };
}

async function refusal(c: Call): Promise<{ status: number; body: unknown }> {
  try {
    await guard.canActivate(c.context);
  } catch (error) {
    if (error instanceof HttpException) return { status: error.getStatus(), body: error.getResponse() };
    throw error;
  }
  throw new Error('the guard let the call through');
}

describe('AuthGuard', () => {
  it('lets anyone call a @Public route, token or not', async () => {
    expect(await guard.canActivate(call(Routes, 'health').context)).toBe(true);
    expect(await guard.canActivate(call(Routes, 'health', 'ovt_garbage').context)).toBe(true);
  });

  it('refuses a route that declares no roles for everyone (default deny)', async () => {
    expect(await refusal(call(Routes, 'undeclared', 'ovt_commissioner'))).toEqual({
      status: 403,
      body: { statusCode: 403, message: expect.stringMatching(/declares no roles/) },
    });
    expect((await refusal(call(Routes, 'undeclared'))).status).toBe(403);
    expect((await refusal(call(Routes, 'nobody', 'ovt_commissioner'))).status).toBe(403);
  });

  it('asks for a bearer token with 401 and WWW-Authenticate', async () => {
    const missing = call(Routes, 'contract');
    expect(await refusal(missing)).toEqual({ status: 401, body: { statusCode: 401, message: expect.any(String) } });
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="outcome-verification"');
    const unknown = call(Routes, 'contract', 'ovt_unknown');
    expect((await refusal(unknown)).status).toBe(401);
    expect(unknown.headers['www-authenticate']).toMatch(/^Bearer .*error="invalid_token"/);
    const basic = call(Routes, 'contract');
    basic.request.headers.authorization = 'Basic dXNlcjpwYXNz';
    expect((await refusal(basic)).status).toBe(401);
  });

  it('refuses roles the route does not name with 403, and lets named ones through with the principal attached', async () => {
    const provider = call(Routes, 'contract', 'ovt_provider');
    expect(await refusal(provider)).toEqual({ status: 403, body: { statusCode: 403, message: expect.stringMatching(/role provider/) } });
    const commissioner = call(Routes, 'contract', 'ovt_commissioner');
    expect(await guard.canActivate(commissioner.context)).toBe(true);
    expect(principalOf(commissioner.request)).toEqual(principals.ovt_commissioner);
  });

  it('answers a principal not scoped to the :contractId as if the contract did not exist (contractNotFound)', async () => {
    const own = call(Routes, 'contract', 'ovt_commissioner', { contractId: 'aalborg-impact60' });
    expect(await guard.canActivate(own.context)).toBe(true);
    const other = call(Routes, 'contract', 'ovt_commissioner', { contractId: 'odense-impact' });
    const error = await guard.canActivate(other.context).catch((e: unknown) => e);
    expect(error).toEqual(contractNotFound('odense-impact'));
    expect(error).toMatchObject({ kind: 'not-found', code: 'contract-not-found', field: 'contractId' });
    expect(await guard.canActivate(call(Routes, 'contract', 'ovt_investor-all', { contractId: 'odense-impact' }).context)).toBe(true);
  });

  it('checks the role before the scope, and authenticates before either', async () => {
    const error = await guard.canActivate(call(Routes, 'contract', 'ovt_provider', { contractId: 'odense-impact' }).context).catch((e) => e);
    expect(error).toBeInstanceOf(ForbiddenException);
    expect((error as ForbiddenException).message).toMatch(/role provider/);
    expect(await guard.canActivate(call(Routes, 'contract', undefined, { contractId: 'x' }).context).catch((e) => e)).toBeInstanceOf(UnauthorizedException);
  });

  it("takes a controller's declaration for its handlers, a handler's own declaration first", async () => {
    expect(await guard.canActivate(call(AuditorRoutes, 'inherited', 'ovt_auditor').context)).toBe(true);
    expect((await refusal(call(AuditorRoutes, 'inherited', 'ovt_provider'))).status).toBe(403);
    expect(await guard.canActivate(call(AuditorRoutes, 'own', 'ovt_provider').context)).toBe(true);
    expect((await refusal(call(AuditorRoutes, 'own', 'ovt_auditor'))).status).toBe(403);
    expect(await guard.canActivate(call(AuditorRoutes, 'open').context)).toBe(true);
    expect(await guard.canActivate(call(PublicRoutes, 'open').context)).toBe(true);
    expect((await refusal(call(PublicRoutes, 'closed'))).status).toBe(401);
  });

  it('reads only the Bearer scheme', () => {
    expect(bearerTokenOf('Bearer ovt_abc')).toBe('ovt_abc');
    expect(bearerTokenOf('bearer ovt_abc ')).toBe('ovt_abc');
    expect(bearerTokenOf('Basic abc')).toBeUndefined();
    expect(bearerTokenOf('Bearer a b')).toBeUndefined();
    expect(bearerTokenOf(undefined)).toBeUndefined();
    expect(bearerTokenOf(['Bearer x'])).toBeUndefined();
  });
});
