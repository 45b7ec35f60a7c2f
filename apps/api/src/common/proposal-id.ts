import { ApiError } from './api-error.js';
import { decimalIntegerOf } from './dto-fields.js';

/** A `:proposalId` path parameter as a number: a decimal whole number from 1, else a 400 naming proposalId. */
export function proposalIdOf(param: string): number {
  const proposalId = decimalIntegerOf(param, 1, Number.MAX_SAFE_INTEGER);
  if (proposalId === undefined) throw new ApiError(400, 'invalid-proposal-id', 'proposalId must be a whole number from 1, in decimal digits.', 'proposalId');
  return proposalId;
}
