import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { NoteSigner } from '#ledger';
import { createApp } from '../apps/api/src/create-app.js';
import { TokenService } from '#auth';
import { loadConfig } from '#config';
import { ExecuteContractBatch, PseudonymKey } from '#contracts';
import { pseudonymise } from '#domain';
import type { BenchDatabase } from './database.js';
import { benchContract, cprOf, referralAndEnrolment } from './facts.js';
import type { HttpClient } from './http-client.js';

/** The real service, started in-process on its own fresh database of the bench's server. */
export interface BenchService {
  app: INestApplication;
  port: number;
  /** Tokens of the commissioner (referrals, benefit weeks, contracts) and of the provider (enrolment, placements, evidence). */
  tokens: { commissioner: string; provider: string };
  /** The environment it was configured with (database, keys): another process of the same service takes it as is. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startService(db: BenchDatabase, env: Record<string, string> = {}): Promise<BenchService> {
  const database = await db.createDatabase();
  let app: INestApplication | undefined;
  try {
    const configured: Record<string, string> = {
      LOG_LEVEL: 'silent',
      PSEUDONYM_KEY: 'ab'.repeat(32),
      LEDGER_SIGNING_KEY: NoteSigner.generate('bench.local/ledger').skey,
      ...env,
      DATABASE_URL: database.url,
    };
    const config = loadConfig(configured);
    app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    const port = (app.getHttpServer().address() as { port: number }).port;
    const tokens = app.get(TokenService);
    const running = app;
    return {
      app,
      port,
      env: configured,
      tokens: {
        commissioner: await tokens.create({ name: 'aalborg-kommune', role: 'commissioner', contracts: '*' }),
        provider: await tokens.create({ name: 'fokus-folkeoplysning', role: 'provider', contracts: '*' }),
      },
      close: async () => {
        await running.close();
        await database.drop();
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await database.drop().catch(() => undefined);
    throw error;
  }
}

export { HttpClient, type HttpResponse } from './http-client.js';

/** Registers and activates the §4 contract under `contractId`, with a total cap no benchmark reaches. */
export async function registerContract(client: HttpClient, service: Pick<BenchService, 'tokens'>, contractId: string, periodEnd?: string): Promise<void> {
  await client.post('/contracts', benchContract(contractId, periodEnd), service.tokens.commissioner);
  await client.post(`/contracts/${contractId}/activation`, { activatedOn: '2018-09-01' }, service.tokens.commissioner);
}

let nextCitizen = 0;

/**
 * Refers and enrols `count` new participants in the contract; returns their pseudonyms. Set-up,
 * not measured: straight into the service's command handling, in one transaction per call.
 */
export async function enrolParticipants(service: BenchService, contractId: string, count: number): Promise<string[]> {
  const key = service.app.get(PseudonymKey).key;
  const ids = Array.from({ length: count }, () => pseudonymise(cprOf(nextCitizen++), key));
  const metadata = { actor: 'commissioner:aalborg-kommune', correlationId: randomUUID() };
  const results = await service.app.get(CommandBus).execute(
    new ExecuteContractBatch(
      contractId,
      ids.flatMap((participantId) => referralAndEnrolment(participantId, metadata)),
    ),
  );
  const refused = results.find((result) => 'rejected' in result);
  if (refused) throw new Error(`enrolling participants in ${contractId} was refused: ${String(refused.rejected)}`);
  return ids;
}
