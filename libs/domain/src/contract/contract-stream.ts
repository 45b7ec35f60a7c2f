/** Each contract is one stream: its definition, every fact of its participants and every derived outcome. */
export const CONTRACT_STREAM_TYPE = 'contract';
const PREFIX = 'contract-';

/** The stream of the contract whose ContractDefinition.contractId is `contractId`. */
export function contractStreamId(contractId: string): string {
  return `${PREFIX}${contractId}`;
}

export function contractIdOfStream(streamId: string): string | undefined {
  return streamId.startsWith(PREFIX) ? streamId.slice(PREFIX.length) : undefined;
}
