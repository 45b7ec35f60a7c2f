import type { INestApplicationContext } from '@nestjs/common';
import type { PartyRole } from '#auth';
import type { ContractAmended, ContractParties, ContractRegistered } from '#domain';
import { EventLogReader, EventStreamReader, type LogPosition, positionOf } from '#event-store';
import { contractStreamId } from '#domain';

const PAGE = 1000;

/**
 * The parties of a contract's latest terms, or undefined when it is not registered. The definition
 * is the `ContractRegistered` at stream version 1, unless an amendment replaced it: `amendContract`
 * keeps only the contract id and the currency, so an amendment may name other parties; the terms
 * in force (the domain state's `definition`) are the latest `ContractAmended`'s. Amendments are
 * found with the log's stream and type filter, so a long contract's facts are not read (the log
 * reads commit-safe: one committed while an older transaction is still open elsewhere is seen
 * when that ends).
 */
export async function currentPartiesOf(app: INestApplicationContext, contractId: string): Promise<ContractParties | undefined> {
  const streamId = contractStreamId(contractId);
  const [first] = await app.get(EventStreamReader).readStream(streamId, { fromVersion: 1, toVersion: 1 });
  if (first?.type !== 'ContractRegistered') return undefined;
  let latest = { version: first.streamVersion, parties: (first.data as ContractRegistered['data']).definition.parties };
  const log = app.get(EventLogReader);
  for (let after: LogPosition | undefined; ;) {
    const page = await log.readAll({ after, limit: PAGE, streamIds: [streamId], eventTypes: ['ContractAmended'] });
    for (const event of page) {
      if (event.streamVersion > latest.version) {
        latest = { version: event.streamVersion, parties: (event.data as ContractAmended['data']).definition.parties };
      }
    }
    if (page.length < PAGE) break;
    after = positionOf(page[page.length - 1]);
  }
  return latest.parties;
}

/**
 * Refuses a token for `party` as `role` unless every listed contract is registered and its latest
 * terms name that party for that role; one line per contract that does not.
 */
export async function requirePartyOfContracts(
  app: INestApplicationContext,
  spec: { role: PartyRole; party: string; contracts: readonly string[] },
): Promise<void> {
  const problems: string[] = [];
  for (const contractId of spec.contracts) {
    const parties = await currentPartiesOf(app, contractId);
    if (parties === undefined) {
      problems.push(
        `contract ${contractId} is not registered, so its parties are not known: register it first ` +
          `(a role-wide commissioner token scoped to it can), then make the token of party ${spec.party}`,
      );
    } else if (parties[spec.role] !== spec.party) {
      problems.push(`contract ${contractId} names ${parties[spec.role]} as its ${spec.role}, not ${spec.party}`);
    }
  }
  if (problems.length > 0) throw new Error(`no token made: ${problems.join('; ')}`);
}
