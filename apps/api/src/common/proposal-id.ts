/** Digits only: anything else reaches the domain as no number, and is refused naming proposalId. */
const PROPOSAL_ID = /^\d{1,15}$/;

/** A `:proposalId` path parameter as the number the domain checks (NaN when it is not one). */
export function proposalIdOf(param: string): number {
  return PROPOSAL_ID.test(param) ? Number(param) : Number.NaN;
}
