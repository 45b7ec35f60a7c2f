import type { Speaker } from '#domain';
import type { Caller } from '../contracts/contract-command.sender.js';

/**
 * Who speaks in an agreement between the parties (a settlement, termination terms): the caller's
 * role, and the party its token speaks for (the domain checks it against the contract's parties:
 * a role-wide token, or one of another party, is refused with 403 naming the party needed). The
 * routes admit only the commissioner and the investor.
 */
export function speakerOf(caller: Caller): Speaker {
  const { role, party } = caller.principal;
  if (role !== 'commissioner' && role !== 'investor') throw new Error(`an agreement route let a ${role} through`);
  return { party: role, partyId: party };
}
