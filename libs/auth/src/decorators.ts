import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { principalOf } from './request-principal.js';
import { isRole, type Role } from './role.js';

export const ROLES_KEY = 'auth:roles';
export const PUBLIC_KEY = 'auth:public';

/**
 * The roles that may call a route (on a handler, or on a controller for all its handlers; a
 * handler's own declaration wins). A route that declares neither @Roles nor @Public is refused
 * for everyone (403): access is denied unless granted.
 */
export function Roles(...roles: Role[]): MethodDecorator & ClassDecorator {
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length > 0) throw new Error(`@Roles: unknown roles ${unknown.join(', ')}`);
  return SetMetadata(ROLES_KEY, Object.freeze([...roles]));
}

/** A route anyone may call without a token (health, documentation). */
export function Public(): MethodDecorator & ClassDecorator {
  return SetMetadata(PUBLIC_KEY, true);
}

/**
 * The authenticated caller. Only on routes with @Roles (the guard has authenticated the caller);
 * on a @Public route it throws, since there is no caller to name.
 */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const principal = principalOf(context.switchToHttp().getRequest());
  if (!principal) throw new Error('@CurrentPrincipal() used on a route the auth guard did not authenticate (is it @Public?)');
  return principal;
});
