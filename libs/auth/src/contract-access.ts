import { ForbiddenException } from '@nestjs/common';
import { contractNotFound } from '#domain';
import { actorOf, canAccessContract, type Principal } from './principal.js';

/**
 * A contract outside the principal's scope is answered exactly as one that does not exist: the
 * same 404 `contract-not-found` every route gives for an unknown contract (contractNotFound), so
 * that no answer tells whether another contract exists. The guard does this itself for every route
 * with a `:contractId` parameter, before any lookup (a scope is known without one); call it where
 * a contract id to read or write arrives otherwise (body, query).
 */
export function requireContractAccess(principal: Principal, contractId: string): void {
  if (!canAccessContract(principal, contractId)) throw contractNotFound(contractId);
}

/**
 * Registering a contract outside the scope is refused with 403: the contract is not there to be
 * found, and the answer is the same whether the id is taken or free (decided before any lookup),
 * naming only what the caller sent.
 */
export function requireScopeToRegister(principal: Principal, contractId: string): void {
  if (!canAccessContract(principal, contractId)) {
    throw new ForbiddenException({ statusCode: 403, message: `${actorOf(principal)} may register only the contracts it is scoped to, not ${contractId}` });
  }
}
