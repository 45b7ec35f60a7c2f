import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { benchContract, commandOf, cprOf, participantFacts, referralAndEnrolment, TYPICAL_PLAN } from '../../bench/facts.js';
import { type ContractCommandRequest, ExecuteContractBatch, PseudonymKey } from '#contracts';
import { type ContractCommand, type ContractDefinition, pseudonymise } from '#domain';

/**
 * A registered, active contract with `facts` facts of `participants` participants (the bench's
 * realistic weekly histories), recorded through the service's command handling (ExecuteContractBatch on the bus) in large
 * transactions: set-up for tests about big contracts, not a test of recording. Returns the
 * participants' pseudonyms.
 */
export async function recordLargeContract(app: INestApplication, contractId: string, options: { participants: number; facts: number }): Promise<string[]> {
  const commandBus = app.get(CommandBus);
  const key = app.get(PseudonymKey).key;
  const metadata = { actor: 'commissioner:aalborg-kommune', correlationId: randomUUID() };
  const run = async (batch: ContractCommandRequest[]): Promise<void> => {
    const refused = (await commandBus.execute(new ExecuteContractBatch(contractId, batch))).find((result) => 'rejected' in result);
    if (refused) throw new Error(`setting up ${contractId}: a command was refused: ${JSON.stringify(refused)}`);
  };
  const definition = benchContract(contractId) as unknown as ContractDefinition;
  await run([
    { command: { type: 'RegisterContract', data: { definition } }, metadata },
    { command: { type: 'ActivateContract', data: { activatedOn: '2018-09-01' } }, metadata },
  ]);
  const ids = Array.from({ length: options.participants }, (_, n) => pseudonymise(cprOf(n), key));
  await run(ids.flatMap((participantId) => referralAndEnrolment(participantId, metadata)));
  const scripts = ids.map((participantId) => ({ participantId, facts: participantFacts(TYPICAL_PLAN) }));
  let batch: ContractCommandRequest[] = [];
  for (let recorded = 0; recorded < options.facts; recorded++) {
    const script = scripts[recorded % scripts.length];
    const next = script.facts.next();
    if (next.done) throw new Error(`setting up ${contractId}: ${options.participants} participants have fewer than ${options.facts} facts`);
    batch.push({ command: commandOf(script.participantId, next.value) as ContractCommand, metadata });
    if (batch.length === 2000) {
      await run(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await run(batch);
  return ids;
}
