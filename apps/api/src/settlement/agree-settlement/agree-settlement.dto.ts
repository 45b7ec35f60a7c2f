/** The body is empty (`{}`): the proposal is in the path, the party is the caller's role. */
export class AgreeSettlementDto {}
