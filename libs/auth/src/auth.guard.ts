import { type CanActivate, type ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { addToRequestLog } from '#observability';
import { PUBLIC_KEY, ROLES_KEY } from './decorators.js';
import { requireContractAccess } from './contract-access.js';
import { actorOf } from './principal.js';
import { setPrincipal } from './request-principal.js';
import type { Role } from './role.js';
import { TokenService } from './token.service.js';

const REALM = 'outcome-verification';

type Access = { kind: 'public' } | { kind: 'roles'; roles: readonly Role[] } | { kind: 'undeclared' };

interface HttpRequest {
  headers: Record<string, string | string[] | undefined>;
  params?: Record<string, unknown>;
}

interface HttpResponse {
  header(name: string, value: string): unknown;
}

/** `Authorization: Bearer <token>` → the token; anything else → undefined. */
export function bearerTokenOf(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer +(\S+) *$/i.exec(header);
  return match?.[1];
}

/**
 * The global guard (APP_GUARD) in front of every controller route:
 *  1. @Public() → anyone, no token looked at.
 *  2. neither @Public() nor @Roles(...) → 403 for everyone (default deny: a route someone forgot
 *     to declare is closed, not open).
 *  3. no bearer token → 401; an unknown or revoked one → 401; both with `WWW-Authenticate: Bearer`.
 *  4. a role not in @Roles(...) → 403.
 *  5. a `:contractId` route parameter naming a contract the principal is not scoped to → the 404
 *     `contract-not-found` of a contract that does not exist, before any handler work (see
 *     contract-access.ts): whether another contract exists is not for the caller to learn.
 * The principal is then available to handlers through @CurrentPrincipal().
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TokenService) private readonly tokens: TokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.accessOf(context);
    if (access.kind === 'public') return true;
    if (context.getType() !== 'http') throw forbidden('only HTTP requests are authenticated');
    if (access.kind === 'undeclared') throw forbidden('this route admits no one: it declares no roles');

    const http = context.switchToHttp();
    const request = http.getRequest<HttpRequest>();
    const response = http.getResponse<HttpResponse>();
    const token = bearerTokenOf(request.headers.authorization);
    if (token === undefined) {
      response.header('WWW-Authenticate', `Bearer realm="${REALM}"`);
      throw unauthorized('a bearer token is required: Authorization: Bearer <token>');
    }
    const principal = await this.tokens.authenticate(token);
    if (!principal) {
      response.header('WWW-Authenticate', `Bearer realm="${REALM}", error="invalid_token"`);
      throw unauthorized('the bearer token is unknown or revoked');
    }
    setPrincipal(request, principal);
    addToRequestLog(request, { actor: actorOf(principal) });

    if (!access.roles.includes(principal.role)) {
      throw forbidden(`role ${principal.role} may not call this route (allowed: ${access.roles.join(', ') || 'none'})`);
    }
    const contractId = request.params?.contractId;
    if (typeof contractId === 'string') requireContractAccess(principal, contractId);
    return true;
  }

  /** A handler's own declaration wins over its controller's; at one level @Roles wins over @Public. */
  private accessOf(context: ExecutionContext): Access {
    for (const target of [context.getHandler(), context.getClass()]) {
      const roles = this.reflector.get<readonly Role[] | undefined>(ROLES_KEY, target);
      if (roles) return { kind: 'roles', roles };
      if (this.reflector.get<boolean | undefined>(PUBLIC_KEY, target)) return { kind: 'public' };
    }
    return { kind: 'undeclared' };
  }
}

function unauthorized(message: string): UnauthorizedException {
  return new UnauthorizedException({ statusCode: 401, message });
}

function forbidden(message: string): ForbiddenException {
  return new ForbiddenException({ statusCode: 403, message });
}
