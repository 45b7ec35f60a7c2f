/** The body is empty (`{}`): the proposal is in the path, the party is the one the caller's token speaks for. */
export class WithdrawSettlementProposalDto {}
