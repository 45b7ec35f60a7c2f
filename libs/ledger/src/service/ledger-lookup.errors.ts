/** A proof or export asked for something the ledger does not have: answered as a 404 naming the field. */
export class LedgerNotFoundError extends Error {
  override readonly name = 'LedgerNotFoundError';
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** A proof asked for with sizes that cannot have one: a 400 naming the field. */
export class LedgerRequestError extends Error {
  override readonly name = 'LedgerRequestError';
  constructor(
    readonly code: string,
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}
