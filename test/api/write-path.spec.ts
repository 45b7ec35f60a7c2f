import { CommandBus, type ICommand } from '@nestjs/cqrs';
import type { Subscription } from 'rxjs';
import { ExecuteContractBatch, ExecuteContractCommand, ExportEvidencePackageCommand } from '#contracts';
import { Database } from '#database';
import { SignCheckpoint } from '#ledger/service/index.js';
import { jsonl, NDJSON } from '../imports/jsonl.js';
import { ApiClient } from '#test-support/api-client.js';
import { impact60 } from '#test-support/impact60.js';
import { startTestApp, type TestApp } from '#test-support/test-app.js';
import { createTokens } from '#test-support/tokens.js';

/**
 * One way in (docs/write-path.md): every write the service makes on a request is a command sent on
 * the CommandBus, and every row it adds to the contract's log was recorded by such a command.
 */
describe('the write path: every write is a command on the CommandBus', () => {
  const C = 'write-path';
  let t: TestApp;
  let api: ApiClient;
  let tokens: Record<'commissioner' | 'provider' | 'evaluator' | 'auditor', string>;
  let sent: ICommand[];
  let subscription: Subscription;

  const rows = async (): Promise<Array<{ type: string; streamVersion: number }>> =>
    (
      await t.app
        .get(Database)
        .pool.query<{ type: string; streamVersion: number }>(
          'SELECT event_type AS type, stream_version::int AS "streamVersion" FROM es_events WHERE stream_id = $1 ORDER BY stream_version',
          [`contract-${C}`],
        )
    ).rows;

  /** What `call` sent on the bus, and the rows it added to the contract's log. */
  const writing = async (call: () => Promise<{ status: number }>, status: number) => {
    const before = (await rows()).length;
    sent = [];
    expect((await call()).status).toBe(status);
    return { commands: sent, added: (await rows()).slice(before) };
  };

  beforeAll(async () => {
    t = await startTestApp();
    const scoped = (role: string, name: string) => ({ role: role as never, name, contracts: [C] });
    tokens = await createTokens(t.app, {
      commissioner: scoped('commissioner', 'aalborg-kommune'),
      provider: scoped('provider', 'fokus-folkeoplysning'),
      evaluator: scoped('evaluator', 'aarhus-university'),
      auditor: scoped('auditor', 'rigsrevisionen'),
    });
    api = new ApiClient(t.baseUrl);
    subscription = t.app.get(CommandBus).subscribe((command) => sent.push(command));
  });
  afterAll(async () => {
    subscription.unsubscribe();
    await t.close();
  });

  it('a command route sends one ExecuteContractCommand, which records what the response says', async () => {
    const commissioner = api.as(tokens.commissioner);
    const registered = await writing(() => commissioner.post('/contracts', impact60(C)), 201);
    expect(registered.commands).toEqual([expect.any(ExecuteContractCommand)]);
    expect(registered.commands[0]).toMatchObject({ contractId: C, command: { type: 'RegisterContract' } });
    expect(registered.added).toEqual([{ type: 'ContractRegistered', streamVersion: 1 }]);

    let response: { status: number; body?: { events: Array<{ position: number; type: string }>; version: number } } = { status: 0 };
    const activated = await writing(async () => (response = await commissioner.post(`/contracts/${C}/activation`, { activatedOn: '2018-09-01' })), 201);
    expect(activated.commands).toEqual([expect.any(ExecuteContractCommand)]);
    expect(activated.added).toEqual([{ type: 'ContractActivated', streamVersion: 2 }]);
    // The published name of a recorded event's place in its stream stays `position`.
    expect(response.body).toMatchObject({ version: 2, events: [{ position: 2, type: 'ContractActivated' }] });
  });

  it("an import sends its chunk as one ExecuteContractBatch, whose commands are the file's lines", async () => {
    const referral = (commandId: string, cpr: string) => ({
      commandId,
      type: 'ReferParticipant',
      data: { cpr, referredOn: '2019-01-02', intakeOutcome: 'accepted' },
    });
    const imported = await writing(
      () =>
        api
          .as(tokens.commissioner)
          .post(`/contracts/${C}/imports`, jsonl([referral('write-path:0001', '010180-1111'), referral('write-path:0002', '020280-2222')]), NDJSON),
      200,
    );
    expect(imported.commands).toEqual([expect.any(ExecuteContractBatch)]);
    const batch = imported.commands[0] as ExecuteContractBatch;
    expect(batch.contractId).toBe(C);
    expect(batch.requests.map((request) => [request.idempotencyKey, request.command.type])).toEqual([
      ['write-path:0001', 'ReferParticipant'],
      ['write-path:0002', 'ReferParticipant'],
    ]);
    expect(imported.added).toEqual([
      { type: 'ParticipantReferred', streamVersion: 3 },
      { type: 'ParticipantReferred', streamVersion: 4 },
    ]);
  });

  it('an evidence package records its export by an ExecuteContractCommand sent from its own command', async () => {
    const exported = await writing(
      () => fetch(`${t.baseUrl}/contracts/${C}/evidence-package`, { headers: { authorization: `Bearer ${tokens.evaluator}` } }),
      200,
    );
    expect(exported.commands[0]).toEqual(expect.any(ExportEvidencePackageCommand));
    const records = exported.commands.filter((command) => command instanceof ExecuteContractCommand);
    expect(records).toEqual([expect.objectContaining({ contractId: C, command: expect.objectContaining({ type: 'RecordEvidenceExport' }) })]);
    expect(
      exported.commands.every(
        (command) => command instanceof ExportEvidencePackageCommand || command instanceof ExecuteContractCommand || command instanceof SignCheckpoint,
      ),
    ).toBe(true);
    expect(exported.added).toEqual([{ type: 'EvidenceExported', streamVersion: 5 }]);
  });

  it('a checkpoint on demand is a SignCheckpoint, and adds nothing to the contract log', async () => {
    const signed = await writing(() => api.as(tokens.auditor).post('/ledger/checkpoints'), 200);
    expect(signed.commands).toEqual([expect.any(SignCheckpoint)]);
    expect(signed.added).toEqual([]);
  });
});
