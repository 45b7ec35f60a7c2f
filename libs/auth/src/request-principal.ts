import type { Principal } from './principal.js';

const PRINCIPAL = Symbol('auth:principal');

/** Attaches the authenticated principal to the request (done by the guard). */
export function setPrincipal(request: object, principal: Principal): void {
  (request as { [PRINCIPAL]?: Principal })[PRINCIPAL] = principal;
}

/** The principal the guard authenticated for this request, if any. */
export function principalOf(request: object): Principal | undefined {
  return (request as { [PRINCIPAL]?: Principal })[PRINCIPAL];
}
