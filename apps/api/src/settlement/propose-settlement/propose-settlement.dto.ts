/** The body is empty (`{}`): the settlement is computed by the service, the party is the caller's role. */
export class ProposeSettlementDto {}
