import type { SettlementParty } from '#domain';
import type { Caller } from '../contracts/contract-command.sender.js';

/** The party a settlement command speaks for: the caller's role (the routes admit only these two). */
export function settlementPartyOf(caller: Caller): SettlementParty {
  const { role } = caller.principal;
  if (role !== 'commissioner' && role !== 'investor') throw new Error(`a settlement route let a ${role} through`);
  return role;
}
