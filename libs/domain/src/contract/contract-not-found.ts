import { DomainError } from '../shared/domain.error.js';

export const CONTRACT_NOT_FOUND = 'contract-not-found';

/**
 * 404: no such contract, or none registered yet as recorded at `asOf`. The one answer for a
 * contract the caller may not know of: every route's own for an unknown contract, and the auth
 * guard's for a contract outside the caller's scope, so that the two cannot be told apart.
 */
export function contractNotFound(contractId: string, asOf?: string): DomainError {
  return new DomainError('not-found', CONTRACT_NOT_FOUND, `No contract ${contractId} is registered${asOf === undefined ? '' : ` as recorded at ${asOf}`}.`, {
    field: 'contractId',
  });
}

/** The same refusal where only a stream's state is known (the decider, the settlement): whoever knows the contract id answers contractNotFound instead. */
export function noContractInStream(): DomainError {
  return new DomainError('not-found', CONTRACT_NOT_FOUND, 'No contract is registered in this stream.');
}
