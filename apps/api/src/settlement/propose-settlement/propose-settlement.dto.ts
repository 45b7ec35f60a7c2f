/** The body is empty (`{}`): the settlement is computed by the service, the party is the one the caller's token speaks for. */
export class ProposeSettlementDto {}
