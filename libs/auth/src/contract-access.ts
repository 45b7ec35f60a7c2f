import { ForbiddenException } from '@nestjs/common';
import { actorOf, canAccessContract, type Principal } from './principal.js';

/**
 * 403 unless the principal is scoped to the contract. The guard does this itself for every route
 * with a `:contractId` parameter; call it where the contract id arrives otherwise (body, query).
 * 403, not 404: the caller has proved who they are, and is told plainly that this contract is not
 * theirs to see (whether it exists is not revealed either way: the check needs no lookup).
 */
export function requireContractAccess(principal: Principal, contractId: string): void {
  if (!canAccessContract(principal, contractId)) {
    throw new ForbiddenException({ statusCode: 403, message: `${actorOf(principal)} is not scoped to contract ${contractId}` });
  }
}
