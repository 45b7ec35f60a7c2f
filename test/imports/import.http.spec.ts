import { Database } from '#database';
import { ApiClient, type ApiResponse } from '#test-support/api-client.js';
import { impact60, SHA } from '#test-support/impact60.js';
import { startTestApp, type TestApp } from '#test-support/test-app.js';
import { createTokens } from '#test-support/tokens.js';
import { type ImportLine, jsonl, NDJSON, workedExampleFiles } from './jsonl.js';
import { sendAsSingleRequest } from './single-requests.js';

/**
 * Bulk import of facts from JSON Lines (`POST /contracts/:contractId/imports`): every line checked
 * first, rejected lines reported by number, accepted lines applied whole, re-runs record nothing
 * twice, and a CPR number never leaves the referral line.
 */
describe('bulk import of facts from JSON Lines', () => {
  const CPR = '070190-1234';
  const DIGITS = '0701901234';
  const logLines: string[] = [];
  const responses: ApiResponse[] = [];
  let t: TestApp;
  let tokens: Record<'commissioner' | 'provider' | 'payer' | 'investor' | 'stranger', string>;
  let as: (who: keyof typeof tokens) => ApiClient;
  const keep = async (call: Promise<ApiResponse>): Promise<ApiResponse> => {
    const response = await call;
    responses.push(response);
    return response;
  };
  const importAs = (who: keyof typeof tokens, contractId: string, body: string, headers: Record<string, string> = NDJSON) =>
    keep(as(who).post(`/contracts/${contractId}/imports`, body, headers));
  const CONTRACTS = ['import-single', 'import-bulk', 'import-bad', 'import-other', 'import-json'];

  const setUpContract = async (contractId: string): Promise<void> => {
    expect((await as('commissioner').post('/contracts', impact60(contractId))).status).toBe(201);
    expect((await as('commissioner').post(`/contracts/${contractId}/activation`, { activatedOn: '2018-09-01' })).status).toBe(201);
  };
  const eventsOf = async (contractId: string): Promise<Array<{ type: string; data: any; metadata: any }>> => {
    const { rows } = await t.app
      .get(Database)
      .pool.query('SELECT event_type AS type, data, metadata FROM es_events WHERE stream_id = $1 ORDER BY stream_version', [`contract-${contractId}`]);
    return rows;
  };

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'trace' }, { logDestination: { write: (line: string) => logLines.push(line) } });
    tokens = await createTokens(t.app, {
      commissioner: { name: 'aalborg-kommune', role: 'commissioner', contracts: CONTRACTS },
      provider: { name: 'fokus-folkeoplysning', role: 'provider', contracts: CONTRACTS },
      payer: { name: 'kmd-payments', role: 'payment-service', contracts: '*' },
      investor: { name: 'den-sociale-kapitalfond', role: 'investor', contracts: '*' },
      stranger: { name: 'another-provider', role: 'provider', contracts: ['somewhere-else'] },
    });
    as = (who) => new ApiClient(t.baseUrl, tokens[who]);
    for (const contractId of CONTRACTS) await setUpContract(contractId);
  });
  afterAll(() => t.close());

  const referralLine = (commandId: string, cpr = CPR): ImportLine => ({
    commandId,
    type: 'ReferParticipant',
    data: { cpr, referredOn: '2019-01-02', intakeOutcome: 'accepted' },
  });
  const stripContract = (paymentId: string) => paymentId.split(':').slice(1).join(':');

  describe('the worked example of §5', () => {
    const bulkOutcomes: any[] = [];
    let participantId: string;

    it('gives, as JSONL imports, the outcomes of §5, the same as single requests give', async () => {
      // Single requests, one per line.
      const single = await sendAsSingleRequest(as('commissioner'), 'import-single', referralLine('single:referral'));
      expect(single.status).toBe(201);
      participantId = single.body.participantId;
      const singleOutcomes: any[] = [];
      for (const file of workedExampleFiles(participantId, 'single')) {
        for (const line of file.lines) {
          const response = await sendAsSingleRequest(as(file.role), 'import-single', line);
          expect(response.status).toBe(201);
          singleOutcomes.push(...response.body.events.filter((e: any) => e.type.startsWith('Outcome')).map((e: any) => ({ type: e.type, ...e.data })));
        }
      }

      // The same facts as five import files.
      const referral = await importAs('commissioner', 'import-bulk', jsonl([referralLine('bulk:referral')]));
      expect(referral.status).toBe(200);
      expect(referral.body).toMatchObject({
        lines: 1,
        accepted: 1,
        duplicates: 0,
        rejected: [],
        referrals: [{ line: 1, commandId: 'bulk:referral', participantId }],
      });
      for (const file of workedExampleFiles(participantId, 'bulk')) {
        const response = await importAs(file.role, 'import-bulk', jsonl(file.lines));
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({ lines: file.lines.length, accepted: file.lines.length, unchanged: 0, duplicates: 0, rejected: [] });
        bulkOutcomes.push(...response.body.outcomes.events);
      }

      const expected = [
        { type: 'OutcomeVerified', outcomeCode: 'JOB_START', occurrence: 1, revision: 1, achievedOn: '2019-02-04', amount: 2_000_000, capReason: null },
        { type: 'OutcomeVerified', outcomeCode: 'JOB_13W', occurrence: 1, revision: 1, achievedOn: '2019-05-26', amount: 3_000_000, capReason: null },
        { type: 'OutcomeVerified', outcomeCode: 'SELF_SUPPORT_26W', occurrence: 1, revision: 1, achievedOn: '2019-08-04', amount: 6_000_000, capReason: null },
        { type: 'OutcomeVerified', outcomeCode: 'JOB_13W', occurrence: 2, revision: 1, achievedOn: '2019-08-25', amount: 0, capReason: 'participant-cap' },
        { type: 'OutcomeReversed', outcomeCode: 'SELF_SUPPORT_26W', occurrence: 1, revision: 1, amount: -6_000_000 },
        { type: 'OutcomeVerified', outcomeCode: 'SELF_SUPPORT_26W', occurrence: 1, revision: 2, achievedOn: '2019-11-17', amount: 6_000_000, capReason: null },
      ];
      expect(bulkOutcomes).toEqual(expected.map((e) => expect.objectContaining({ ...e, participantId })));
      const comparable = (o: any) => ({
        type: o.type,
        paymentId: stripContract(o.paymentId),
        outcomeCode: o.outcomeCode,
        occurrence: o.occurrence,
        revision: o.revision,
        amount: o.amount,
        ...(o.type === 'OutcomeVerified' ? { achievedOn: o.achievedOn, capReason: o.capReason } : {}),
      });
      expect(bulkOutcomes.map(comparable)).toEqual(singleOutcomes.map(comparable));
    });

    it('names the actor, the correlation id and the line on every recorded fact', async () => {
      const events = await eventsOf('import-bulk');
      const enrolment = events.find((e) => e.type === 'ParticipantEnrolled');
      expect(enrolment?.metadata).toMatchObject({ actor: 'provider:fokus-folkeoplysning', idempotencyKey: 'bulk:0001', importLine: 1, source: 'import' });
      expect(typeof enrolment?.metadata.correlationId).toBe('string');
    });

    it('records nothing new when the same files are imported again (every line a duplicate)', async () => {
      const before = await eventsOf('import-bulk');
      const referral = await importAs('commissioner', 'import-bulk', jsonl([referralLine('bulk:referral')]));
      expect(referral.body).toMatchObject({ lines: 1, accepted: 0, duplicates: 1, recorded: 0, referrals: [{ participantId }] });
      for (const file of workedExampleFiles(participantId, 'bulk')) {
        const response = await importAs(file.role, 'import-bulk', jsonl(file.lines));
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({
          lines: file.lines.length,
          accepted: 0,
          duplicates: file.lines.length,
          rejected: [],
          recorded: 0,
          outcomes: { verified: 0, reversed: 0, netAmount: 0, events: [] },
          version: before.length,
        });
      }
      expect(await eventsOf('import-bulk')).toHaveLength(before.length);
    });

    it('lets the payment service confirm payments in bulk', async () => {
      const verified = bulkOutcomes.filter((o) => o.type === 'OutcomeVerified' && o.amount > 0 && o.revision === 1 && o.outcomeCode !== 'SELF_SUPPORT_26W');
      const lines = verified.map((o, i) => ({
        commandId: `pay:${i + 1}:confirm`,
        type: 'ConfirmPayment',
        data: { paymentId: o.paymentId, reference: `PAY-${i + 1}`, confirmedOn: '2019-09-01' },
      }));
      const response = await importAs('payer', 'import-bulk', jsonl([...lines, { ...lines[0], commandId: 'pay:x:confirm', type: 'RecordBenefitWeek' }]));
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ lines: 3, accepted: 2, rejected: [{ line: 3, error: 'forbidden', field: 'type' }] });
      const confirmed = (await eventsOf('import-bulk')).filter((e) => e.type === 'PaymentConfirmed');
      expect(confirmed.map((e) => e.data.amount)).toEqual([2_000_000, 3_000_000]);
    });
  });

  describe('a file with bad lines', () => {
    let p1: string;
    const P = () => ({ participantId: p1 });
    const unknownParticipant = `p_${'0'.repeat(32)}`;
    let file: string;

    beforeAll(async () => {
      const referral = await importAs('commissioner', 'import-bad', jsonl([referralLine('bad:referral')]));
      p1 = referral.body.referrals[0].participantId;
      const enrolment = await importAs(
        'provider',
        'import-bad',
        jsonl([{ commandId: 'bad:enrol', type: 'EnrolParticipant', data: { ...P(), enrolledOn: '2019-01-07' } }]),
      );
      expect(enrolment.body.accepted).toBe(1);
      file = jsonl([
        /* 1 */ {
          commandId: 'bad:0001',
          type: 'StartPlacement',
          data: { ...P(), placementId: 'A', employerRef: 'emp-1', kind: 'ordinary', hoursPerWeek: 20, startDate: '2019-02-04' },
        },
        /* 2 */ '{"commandId": "bad:0002", "type": "StartPlacement", "data": {',
        /* 3 */ { commandId: 'bad:0003', type: 'StartPlacment', data: { ...P() } },
        /* 4 */ { commandId: 'bad:0004', type: 'EndPlacement', data: { ...P(), placementId: 'A', endDate: '10-03-2019', reason: 'contract ended' } },
        /* 5 */ {
          commandId: 'bad:0005',
          type: 'StartPlacement',
          data: { participantId: unknownParticipant, placementId: 'A', employerRef: 'emp-1', kind: 'ordinary', hoursPerWeek: 20, startDate: '2019-02-04' },
        },
        /* 6 */ { commandId: 'bad:0006', type: 'RecordBenefitWeek', data: { ...P(), week: '2019-W06', benefitPaid: false, source: 'DREAM' } },
        /* 7 */ '',
        /* 8 */ {
          commandId: 'bad:0008',
          type: 'RecordPayrollEvidence',
          data: { ...P(), evidenceId: 'ev-A', placementId: 'A', periodFrom: '2019-02-04', periodTo: '2019-03-10', source: 'eIndkomst', documentSha256: SHA(1) },
        },
        /* 9 */ { commandId: 'bad:0009', type: 'EndPlacement', data: { ...P(), placementId: 'A', endDate: '2019-02-30', reason: 'contract ended' } },
        /* 10 */ { commandId: 'bad:0010', type: 'EndPlacement', data: { ...P(), placementId: 'A', endDate: '2019-03-10', reason: 'contract ended' } },
        /* 11 */ JSON.stringify({ type: 'EndPlacement', data: { ...P(), placementId: 'A', endDate: '2019-03-10', reason: 'contract ended' } }),
        /* 12 */ { commandId: 'bad:0012', type: 'ActivateContract', data: { activatedOn: '2018-09-01' } },
        /* 13 */ { commandId: 'bad:0013', type: 'StartPlacement', data: 'not an object' } as unknown as ImportLine,
        /* 14 */ {
          commandId: 'bad:0014',
          type: 'StartPlacement',
          data: { ...P(), placementId: 'B', employerRef: 'emp-2', kind: 'ordinary', hoursPerWeek: 30, startDate: '2019-04-01', colour: 'red' },
        },
        /* 15 */ {
          commandId: 'bad:0001',
          type: 'StartPlacement',
          data: { ...P(), placementId: 'C', employerRef: 'emp-3', kind: 'ordinary', hoursPerWeek: 30, startDate: '2019-05-01' },
        },
        /* 16 */ '[1, 2, 3]',
      ]);
    });

    it('reports exactly the bad lines, by number and reason, and applies the others whole', async () => {
      const response = await importAs('provider', 'import-bad', file);
      expect(response.status).toBe(200);
      const { rejected, ...counts } = response.body;
      expect(counts).toMatchObject({ lines: 15, accepted: 3, duplicates: 0, unchanged: 0 });
      expect(rejected.map((r: any) => [r.line, r.error, r.field])).toEqual([
        [2, 'invalid-json', undefined],
        [3, 'unknown-command', 'type'],
        [4, 'invalid-request', 'data.endDate'],
        [5, 'participant-not-enrolled', 'data.participantId'],
        [6, 'forbidden', 'type'],
        [9, 'invalid-date', 'data.endDate'],
        [11, 'invalid-command-id', 'commandId'],
        [12, 'not-importable', 'type'],
        [13, 'invalid-command', 'data'],
        [14, 'invalid-request', 'data.colour'],
        [15, 'duplicate-command-id', 'commandId'],
        [16, 'invalid-line', undefined],
      ]);
      for (const r of rejected) expect(typeof r.message).toBe('string');
      expect(rejected.find((r: any) => r.line === 3).commandId).toBe('bad:0003');
      expect(rejected.find((r: any) => r.line === 15).message).toMatch(/line 1 of this file/);
      expect(rejected.find((r: any) => r.line === 12).message).toMatch(/contract-level.*POST \/contracts\/:contractId\/activation/);
      expect(rejected.find((r: any) => r.line === 6).message).toMatch(/provider may not record RecordBenefitWeek \(allowed: commissioner\)/);

      // Lines 1, 8 and 10 were applied whole, in order: the placement, its evidence (JOB_START), its end.
      expect(response.body.outcomes).toMatchObject({
        verified: 1,
        reversed: 0,
        netAmount: 2_000_000,
        events: [{ line: 8, commandId: 'bad:0008', outcomeCode: 'JOB_START', amount: 2_000_000 }],
      });
      const facts = (await eventsOf('import-bad')).filter((e) => e.metadata.idempotencyKey?.startsWith('bad:0'));
      expect(facts.map((e) => [e.metadata.importLine, e.type])).toEqual([
        [1, 'PlacementStarted'],
        [8, 'PayrollEvidenceRecorded'],
        [8, 'OutcomeVerified'],
        [10, 'PlacementEnded'],
      ]);
    });

    it('reports the same on a re-run and records nothing new', async () => {
      const before = await eventsOf('import-bad');
      const response = await importAs('provider', 'import-bad', file);
      expect(response.body).toMatchObject({ lines: 15, accepted: 0, duplicates: 3, recorded: 0 });
      expect(response.body.rejected.map((r: any) => r.line)).toEqual([2, 3, 4, 5, 6, 9, 11, 12, 13, 14, 15, 16]);
      expect(await eventsOf('import-bad')).toHaveLength(before.length);
    });

    it('rejects a line whose commandId already recorded a different command', async () => {
      const response = await importAs(
        'provider',
        'import-bad',
        jsonl([
          { commandId: 'bad:0001', type: 'EndPlacement', data: { ...P(), placementId: 'A', endDate: '2019-03-10', reason: 'contract ended' } },
          {
            commandId: 'bad:0008',
            type: 'RecordPayrollEvidence',
            data: {
              ...P(),
              evidenceId: 'ev-A2',
              placementId: 'A',
              periodFrom: '2019-02-04',
              periodTo: '2019-03-10',
              source: 'eIndkomst',
              documentSha256: SHA(1),
            },
          },
          { commandId: 'bad:0010', type: 'EndPlacement', data: { ...P(), placementId: 'A', endDate: '2019-03-10', reason: 'contract ended' } },
        ]),
      );
      expect(response.body).toMatchObject({ lines: 3, accepted: 0, duplicates: 1, recorded: 0 });
      expect(response.body.rejected).toEqual([
        expect.objectContaining({ line: 1, commandId: 'bad:0001', error: 'command-id-reused', message: expect.stringMatching(/recorded PlacementStarted/) }),
        expect.objectContaining({ line: 2, commandId: 'bad:0008', error: 'command-id-reused' }),
      ]);
    });

    it('counts a line the log already holds as accepted and unchanged', async () => {
      const response = await importAs(
        'provider',
        'import-bad',
        jsonl([{ commandId: 'bad:again', type: 'EndPlacement', data: { ...P(), placementId: 'A', endDate: '2019-03-10', reason: 'contract ended' } }]),
      );
      expect(response.body).toMatchObject({ lines: 1, accepted: 1, unchanged: 1, duplicates: 0, recorded: 0, rejected: [] });
    });

    it('rejects a commandId already used on another contract, and applies the rest of the file', async () => {
      const response = await importAs(
        'commissioner',
        'import-other',
        jsonl([referralLine('bad:referral', '010203-4321'), referralLine('other:referral', '010203-4321')]),
      );
      expect(response.body).toMatchObject({
        lines: 2,
        accepted: 1,
        rejected: [{ line: 1, commandId: 'bad:referral', error: 'command-id-reused', field: 'commandId' }],
      });
    });

    it('applies a long file in several transactions, each line against the state the previous left', async () => {
      const { BulkImport } = await import('#contracts');
      const { checkImportLines } = await import('../../apps/api/src/imports/import-line.checker.js');
      const { splitJsonLines } = await import('#contracts');
      const lines = [
        referralLine('chunk:01', '020304-1111'),
        referralLine('chunk:02', '310299-1111'), // 31 Feb: rejected before deciding
        referralLine('chunk:03', '020304-2222'),
      ];
      const text = jsonl(lines);
      const checked = checkImportLines(splitJsonLines(text), 'commissioner', { pseudonymKey: Buffer.from('ab'.repeat(32), 'hex') });
      const [a, , b] = checked.map((line) => (line.ok ? line.participantId : undefined));
      const more = checkImportLines(
        splitJsonLines(
          jsonl([
            { commandId: 'chunk:04', type: 'EnrolParticipant', data: { participantId: a, enrolledOn: '2019-02-01' } },
            {
              commandId: 'chunk:05',
              type: 'StartPlacement',
              data: { participantId: a, placementId: 'A', employerRef: 'e', kind: 'ordinary', hoursPerWeek: 20, startDate: '2019-02-04' },
            },
            {
              commandId: 'chunk:06',
              type: 'StartPlacement',
              data: { participantId: b, placementId: 'A', employerRef: 'e', kind: 'ordinary', hoursPerWeek: 20, startDate: '2019-02-04' },
            },
            { commandId: 'chunk:07', type: 'EnrolParticipant', data: { participantId: b, enrolledOn: '2019-02-01' } },
            {
              commandId: 'chunk:08',
              type: 'StartPlacement',
              data: { participantId: b, placementId: 'A', employerRef: 'e', kind: 'ordinary', hoursPerWeek: 20, startDate: '2019-02-04' },
            },
          ]),
        ),
        'provider',
        { pseudonymKey: Buffer.alloc(32) },
      ).map((line) => ({ ...line, line: line.line + 3 }));
      const report = await t.app.get(BulkImport).run('import-other', [...checked, ...more], { actor: 'test:chunks' }, { chunkSize: 2 });
      expect(report).toMatchObject({ lines: 8, accepted: 6, duplicates: 0 });
      expect(report.rejected.map((r) => [r.line, r.error])).toEqual([
        [2, 'invalid-cpr-date'],
        [6, 'participant-not-enrolled'],
      ]);
    });
  });

  describe('the request as a whole', () => {
    it('answers 200 with the report even when every line is rejected', async () => {
      const response = await importAs('provider', 'import-bad', jsonl(['nope', '{}']));
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        lines: 2,
        accepted: 0,
        duplicates: 0,
        rejected: [
          { line: 1, error: 'invalid-json' },
          { line: 2, error: 'invalid-command-id' },
        ],
      });
    });

    it('refuses an empty body with 400, another media type with 415, an unknown contract with 404', async () => {
      expect(await importAs('provider', 'import-bad', '')).toMatchObject({ status: 400, body: { error: 'empty-import' } });
      expect(await importAs('provider', 'import-bad', '\n  \r\n\n')).toMatchObject({ status: 400, body: { error: 'empty-import' } });
      expect(await importAs('provider', 'import-bad', '{"a":1}', { 'content-type': 'application/json' })).toMatchObject({ status: 415 });
      expect(await importAs('provider', 'import-bad', 'x=1', { 'content-type': 'application/x-www-form-urlencoded' })).toMatchObject({ status: 415 });
      const payer = await importAs(
        'payer',
        'no-such-contract',
        jsonl([{ commandId: 'nocontract:2', type: 'ConfirmPayment', data: { paymentId: 'x', reference: 'r', confirmedOn: '2019-01-01' } }]),
      );
      expect(payer).toMatchObject({ status: 404, body: { error: 'contract-not-found' } });
      // Not scoped to it: the same answer, before the body is read.
      const other = await importAs('commissioner', 'no-such-contract', jsonl([referralLine('nocontract:1')]));
      expect([other.status, other.text]).toEqual([404, payer.text]);
    });

    it('accepts text/plain and gzip-compressed bodies', async () => {
      const { gzipSync } = await import('node:zlib');
      const line = jsonl([
        {
          commandId: 'plain:0001',
          type: 'RecordBenefitWeek',
          data: { participantId: `p_${'1'.repeat(32)}`, week: '2019-W06', benefitPaid: false, source: 'DREAM' },
        },
      ]);
      const plain = await importAs('commissioner', 'import-bad', line, { 'content-type': 'text/plain; charset=utf-8' });
      expect(plain).toMatchObject({ status: 200, body: { lines: 1, rejected: [{ error: 'participant-not-enrolled' }] } });
      const response = await fetch(`${t.baseUrl}/contracts/import-bad/imports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.commissioner}`, 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' },
        body: gzipSync(line),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ lines: 1 });
    });

    it('refuses a body above 50 MB with 413', async () => {
      const response = await importAs('provider', 'import-bad', 'x'.repeat(50 * 1024 * 1024 + 1));
      expect(response).toMatchObject({ status: 413, body: { error: 'import-too-large' } });
    });

    it('admits commissioners, providers and the payment service, each to its own contracts', async () => {
      const line = jsonl([{ commandId: 'roles:0001', type: 'EnrolParticipant', data: { participantId: `p_${'2'.repeat(32)}`, enrolledOn: '2019-01-07' } }]);
      expect((await importAs('investor', 'import-bad', line)).status).toBe(403);
      expect(await importAs('stranger', 'import-bad', line)).toMatchObject({ status: 404, body: { error: 'contract-not-found' } }); // not its contract
      expect((await keep(new ApiClient(t.baseUrl).post('/contracts/import-bad/imports', line, NDJSON))).status).toBe(401);
      const { IMPORT_ROLES } = await import('../../apps/api/src/imports/importable-commands.js');
      expect([...IMPORT_ROLES].sort()).toEqual(['commissioner', 'payment-service', 'provider']);
    });

    it('still serves the JSON routes', async () => {
      const referral = await as('commissioner').post('/contracts/import-json/referrals', {
        cpr: '111111-1118',
        referredOn: '2019-01-02',
        intakeOutcome: 'accepted',
      });
      expect(referral.status).toBe(201);
      expect((await as('commissioner').post('/contracts/import-json/referrals', { cpr: 12 })).body).toMatchObject({ error: 'invalid-request' });
    });
  });

  describe('personal data', () => {
    it('never repeats a CPR number: not in a report, not in the events table, not in the logs', async () => {
      const bad = await importAs(
        'commissioner',
        'import-bulk',
        jsonl([
          referralLine('cpr:0001', '310290-1234'), // 31 Feb
          { commandId: 'cpr:0002', type: 'ReferParticipant', data: { cpr: CPR, referredOn: '2019-01-02', intakeOutcome: 'maybe' } },
          { commandId: 'cpr:0003', type: 'ReferParticipant', data: { cpr: CPR, referredOn: '2019-01-02', intakeOutcome: 'accepted', [DIGITS]: 1 } },
          `{"commandId": "cpr:0004", "type": "ReferParticipant", "data": {"cpr": "${CPR}", oops}}`,
          `{"commandId": "cpr:0005", "type": "ReferParticipant", "data": {"cpr": ${DIGITS}x}}`,
          { commandId: `ref-${DIGITS}`, type: 'ReferParticipant', data: { cpr: CPR, referredOn: '2019-01-02', intakeOutcome: 'accepted' } },
          { commandId: 'cpr:0007', type: CPR, data: {} },
          { commandId: 'cpr:0008', type: 'ReferParticipant', data: { cpr: CPR, referredOn: '2019-01-02', intakeOutcome: 'accepted' } },
        ]),
      );
      expect(bad.status).toBe(200);
      expect(bad.body.rejected.map((r: any) => [r.line, r.error])).toEqual([
        [1, 'invalid-cpr-date'],
        [2, 'invalid-request'],
        [3, 'invalid-request'],
        [4, 'invalid-json'],
        [5, 'invalid-json'],
        [6, 'invalid-command-id'],
        [7, 'unknown-command'],
      ]);
      expect(bad.body.accepted).toBe(1);
      expect((await importAs('provider', 'import-bulk', jsonl([referralLine('cpr:0009')]))).body.rejected[0].error).toBe('forbidden');

      const { rows } = await t.app.get(Database).pool.query('SELECT data::text AS data, metadata::text AS metadata FROM es_events');
      const everything = [...rows.flatMap((r: any) => [r.data, r.metadata]), ...responses.map((r) => JSON.stringify(r.body)), ...logLines].join('\n');
      expect(everything).not.toContain(CPR);
      expect(everything).not.toContain(DIGITS);
      expect(everything).not.toContain('310290');
    });
  });
});
