import { randomUUID } from 'node:crypto';
import { generateDemoPlan, type FactLine } from '../apps/demo/src/synthetic-facts.js';
import { CommandBus } from '@nestjs/cqrs';
import { type ContractCommandRequest, ContractRunner, ExecuteContractBatch, PseudonymKey } from '#contracts';
import { pseudonymise } from '#domain';
import { benchContract } from './facts.js';
import type { BenchService } from './service.js';

/** Commands per transaction while the contracts are set up (not measured). */
const SETUP_BATCH = 1_000;
const PAYMENT_DELAY_DAYS = 21;

/**
 * Records a synthetic year of an IMPACT60-like contract (the demo's generator: referrals, intake
 * variants, dropouts, placements, monthly payslips, DREAM weeks, corrections) straight into the
 * service's command handling, with the payments confirmed month by month. Returns the facts recorded.
 */
export async function recordContract(service: Pick<BenchService, 'app'>, contractId: string, citizens: number, weeks: number): Promise<number> {
  const commandBus = service.app.get(CommandBus);
  const contracts = service.app.get(ContractRunner);
  const key = service.app.get(PseudonymKey).key;
  const metadata = { actor: 'commissioner:aalborg-kommune', correlationId: randomUUID() };
  const plan = generateDemoPlan({ seed: citizens, citizens, weeks, start: '2018-09-03' });
  const pseudonyms = new Map<number, string>();
  let batch: ContractCommandRequest[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await commandBus.execute(new ExecuteContractBatch(contractId, batch));
    batch = [];
  };
  const add = async (commandId: string, type: string, data: Record<string, unknown>) => {
    // Command ids are unique across the whole log, and each contract here gets the same ones.
    batch.push({ command: { type, data } as ContractCommandRequest['command'], idempotencyKey: `${contractId}:${commandId}`, metadata });
    if (batch.length >= SETUP_BATCH) await flush();
  };
  const line = (l: FactLine) => add(l.commandId, l.type, l.citizen === undefined ? l.data : { participantId: pseudonyms.get(l.citizen), ...l.data });

  await add('register', 'RegisterContract', { definition: benchContract(contractId) });
  await add('activate', 'ActivateContract', { activatedOn: '2018-09-01' });
  for (const week of plan.weeks) {
    for (const r of week.referrals) {
      const participantId = pseudonymise(r.cpr, key);
      pseudonyms.set(r.citizen, participantId);
      await add(`referral:${r.citizen}`, 'ReferParticipant', {
        participantId,
        referredOn: r.referredOn,
        intakeVariant: r.intakeVariant,
        intakeOutcome: r.intakeOutcome,
      });
    }
    for (const l of week.provider) await line(l);
    for (const l of week.register) await line(l);
    if (week.paymentRun !== null) {
      await flush();
      const runOn = week.paymentRun;
      const due = await contracts.withContractState(contractId, (state) =>
        [...state.ledger.values()]
          .filter((e) => e.reversal === null && e.confirmation === null && Date.parse(e.achievedOn) <= Date.parse(runOn) - PAYMENT_DELAY_DAYS * 86_400_000)
          .map((e) => e.paymentId),
      );
      for (const [i, paymentId] of due.entries())
        await add(`pay:${runOn}:${i}`, 'ConfirmPayment', { paymentId, reference: `UDB-${runOn}-${i}`, confirmedOn: runOn });
    }
  }
  await flush();
  return contracts.withContractState(contractId, (state) => state.version);
}
