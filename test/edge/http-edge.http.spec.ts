import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { Database } from '#database';
import { MAX_PAYMENT_ID_LENGTH, pseudonymise } from '#domain';
import { ApiClient } from '#test-support/api-client.js';
import { impact60 } from '#test-support/impact60.js';
import { openUpload, rawRequest, type RawResponse, within } from '#test-support/raw-http.js';
import { startTestApp, type TestApp } from '#test-support/test-app.js';
import { createTokens } from '#test-support/tokens.js';
import { setUpWriteFixture, type WriteEndpoint, withRawMember, WRITE_PRINCIPALS, writeEndpoints, type WriteFixture } from '#test-support/write-endpoints.js';
import { jsonl, NDJSON } from '../imports/jsonl.js';

/**
 * The HTTP edge as an attacker and a careless client probe it (issue 7, items 2-5): import bodies
 * read only where and when they should be, no input answered with a 500, unknown fields and
 * bodies that are not UTF-8 JSON refused, and no CPR number through any door but the referral's.
 */
describe('the HTTP edge', () => {
  const KEY = Buffer.from('ab'.repeat(32), 'hex');
  const logLines: string[] = [];
  let t: TestApp;
  let tokens: Record<WriteEndpoint['role'], string>;
  let as: (role: WriteEndpoint['role']) => ApiClient;
  let f: WriteFixture;
  let endpoints: WriteEndpoint[];
  const C = '/contracts/edge-c';
  const eventCount = async (streamId?: string): Promise<number> => {
    const { rows } = await t.app
      .get(Database)
      .pool.query<{ n: number }>(
        streamId === undefined ? 'SELECT count(*)::int AS n FROM es_events' : 'SELECT count(*)::int AS n FROM es_events WHERE stream_id = $1',
        streamId === undefined ? [] : [streamId],
      );
    return rows[0].n;
  };
  const auth = (role: WriteEndpoint['role']) => ({ authorization: `Bearer ${tokens[role]}` });
  const endpoint = (name: string): WriteEndpoint => {
    const found = endpoints.find((e) => e.name.endsWith(name));
    if (!found) throw new Error(`no endpoint ${name}`);
    return found;
  };
  /** The endpoint's valid request with a changed body, sent as JSON. */
  const send = (e: WriteEndpoint, body: unknown, headers: Record<string, string> = {}): Promise<RawResponse> =>
    rawRequest(t.baseUrl, {
      path: e.path(e.params),
      headers: { ...auth(e.role), 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'trace' }, { logDestination: { write: (line: string) => logLines.push(line) } });
    tokens = await createTokens(t.app, WRITE_PRINCIPALS);
    as = (role) => new ApiClient(t.baseUrl, tokens[role]);
    f = await setUpWriteFixture(as, { contractId: 'edge-c', inactiveContractId: 'edge-inactive', newContractId: 'edge-new' });
    endpoints = writeEndpoints(f);
  });
  afterAll(() => t.close());

  describe('item 2: an import body is read only on the import route, after authentication, as a stream', () => {
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024, '\n'));

    it('answers an import without a token with 401 before its body has even arrived', async () => {
      const upload = openUpload(t.baseUrl, {
        path: `${C}/imports`,
        headers: { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip', 'transfer-encoding': 'chunked' },
      });
      upload.write(bomb.subarray(0, 4096));
      const response = await within(upload.response, 10_000, 'answer while the body is incomplete');
      upload.abort();
      expect(response.status).toBe(401);
    });

    it.each([
      ['POST /contracts/:contractId/referrals', 'application/x-ndjson', true],
      ['POST /contracts/:contractId/referrals', 'text/plain', false],
      ['POST /contracts/:contractId/participants/:participantId/enrolment', 'application/jsonl', true],
      ['POST /contracts', 'application/x-ndjson', false],
    ])('refuses JSON Lines on %s (%s, token: %s) with 415 before reading the body', async (name, contentType, withToken) => {
      const e = endpoints.find((candidate) => candidate.name === name)!;
      const upload = openUpload(t.baseUrl, {
        path: e.path(e.params),
        headers: { ...(withToken ? auth(e.role) : {}), 'content-type': contentType, 'content-encoding': 'gzip', 'transfer-encoding': 'chunked' },
      });
      upload.write(bomb.subarray(0, 4096));
      const response = await within(upload.response, 10_000, 'answer while the body is incomplete');
      upload.abort();
      expect(response.status).toBe(415);
      expect(response.body).toMatchObject({ statusCode: 415, error: 'unsupported-media-type', field: 'body' });
    });

    it('applies the first lines of an import while the rest of the body is still arriving', async () => {
      expect((await as('commissioner').post('/contracts', impact60('edge-stream'))).status).toBe(201);
      expect((await as('commissioner').post('/contracts/edge-stream/activation', { activatedOn: '2018-09-01' })).status).toBe(201);
      const line = (i: number) =>
        JSON.stringify({
          commandId: `stream:${String(i).padStart(5, '0')}`,
          type: 'ReferParticipant',
          data: {
            cpr: `0101${String(40 + Math.floor(i / 1000)).padStart(2, '0')}-${String(i % 1000).padStart(4, '0')}`,
            referredOn: '2019-01-02',
            intakeOutcome: 'accepted',
          },
        });
      const upload = openUpload(t.baseUrl, {
        path: '/contracts/edge-stream/imports',
        headers: { ...auth('commissioner'), ...NDJSON, 'transfer-encoding': 'chunked' },
      });
      upload.write(`${Array.from({ length: 550 }, (_, i) => line(i)).join('\n')}\n`);

      // The first 500 lines are one transaction: it commits while the upload is still open.
      const deadline = Date.now() + 30_000;
      while ((await eventCount('contract-edge-stream')) < 2 + 500) {
        if (Date.now() > deadline) throw new Error('nothing was applied before the body ended');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      upload.write(`${Array.from({ length: 50 }, (_, i) => line(550 + i)).join('\n')}\n`);
      upload.end();
      const response = await upload.response;
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ lines: 600, accepted: 600, rejected: [] });
      expect(await eventCount('contract-edge-stream')).toBe(2 + 600);
    });

    it('applies the lines read before an upload turns out too large, and says where it stopped', async () => {
      expect((await as('commissioner').post('/contracts', impact60('edge-partial'))).status).toBe(201);
      expect((await as('commissioner').post('/contracts/edge-partial/activation', { activatedOn: '2018-09-01' })).status).toBe(201);
      const lines = Array.from({ length: 20 }, (_, i) =>
        JSON.stringify({
          commandId: `partial:${String(i).padStart(4, '0')}`,
          type: 'ReferParticipant',
          data: { cpr: `020241-${String(i).padStart(4, '0')}`, referredOn: '2019-01-02', intakeOutcome: 'accepted' },
        }),
      );
      const body = gzipSync(Buffer.concat([Buffer.from(`${lines.join('\n')}\n`), Buffer.alloc(50 * 1024 * 1024, 'x')]));
      const response = await rawRequest(t.baseUrl, {
        path: '/contracts/edge-partial/imports',
        headers: { ...auth('commissioner'), ...NDJSON, 'content-encoding': 'gzip' },
        body,
      });
      expect(response.status).toBe(413);
      expect(response.body).toMatchObject({ error: 'import-too-large', field: 'body' });
      expect(response.body.message).toMatch(/stopped at line 21/);
      expect(await eventCount('contract-edge-partial')).toBe(2 + 20);
    });

    it('stops reading after 1,000 rejected lines, and says where', async () => {
      const bad = Array.from({ length: 1200 }, (_, i) => `not json ${i}`);
      const response = await rawRequest(t.baseUrl, { path: `${C}/imports`, headers: { ...auth('commissioner'), ...NDJSON }, body: `${bad.join('\n')}\n` });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ lines: 1000, accepted: 0, stoppedAtLine: 1000 });
      expect(response.body.rejected).toHaveLength(1000);
      expect((await rawRequest(t.baseUrl, { method: 'GET', path: '/health' })).status).toBe(200);
    });

    it('bounds a gzip body while inflating it: 413 beyond 50 MB of text, and the service goes on', async () => {
      const huge = gzipSync(Buffer.alloc(50 * 1024 * 1024 + 1024, 'x'));
      expect(huge.length).toBeLessThan(100 * 1024);
      const response = await rawRequest(t.baseUrl, {
        path: `${C}/imports`,
        headers: { ...auth('commissioner'), ...NDJSON, 'content-encoding': 'gzip' },
        body: huge,
      });
      expect(response.status).toBe(413);
      expect(response.body).toMatchObject({ error: 'import-too-large', field: 'body' });
      expect((await rawRequest(t.baseUrl, { method: 'GET', path: '/health' })).status).toBe(200);
    });
  });

  describe('item 3: no input gets a 500', () => {
    const textFields: Array<[string, string]> = [
      ['POST /contracts', 'title'],
      ['/referrals', 'intakeVariant'],
      ['/withdrawal', 'reason'],
      ['/placements', 'employerRef'],
      ['/end', 'reason'],
      ['/corrections', 'reason'],
      ['/payroll-evidence', 'source'],
      ['/revocation', 'reason'],
      ['/benefit-weeks', 'source'],
      ['/confirmation', 'reference'],
      ['/amendments', 'reason'],
      ['/termination', 'reason'],
    ];
    const cases = textFields.flatMap(([name, field]) => [
      [name, field, 'U+0000', 'before\u0000after'],
      [name, field, 'a lone high surrogate', 'before\ud800after'],
      [name, field, 'a lone low surrogate', '\udc00'],
    ]);

    it.each(cases)('refuses %s with %s holding %s: 400 naming the field, nothing written', async (name, field, _, value) => {
      const e = endpoint(name);
      const before = await eventCount();
      const response = await send(e, { ...e.body(), [field]: value });
      expect(response.status).toBe(400);
      expect(response.body.field).toBe(field);
      expect(await eventCount()).toBe(before);
    });

    it('refuses JSON nested 2,000 levels deep with 400 naming the body; 32 levels are still read', async () => {
      const e = endpoint('/withdrawal');
      const before = await eventCount();
      const deep = await send(e, `{"withdrawnOn":"2019-12-01","reason":${'['.repeat(2000)}${']'.repeat(2000)}}`);
      expect(deep.status).toBe(400);
      expect(deep.body).toMatchObject({ error: 'invalid-json', field: 'body' });
      expect(deep.body.message).toMatch(/32/);
      const deepObject = await send(e, `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`);
      expect(deepObject).toMatchObject({ status: 400, body: { field: 'body' } });
      // 32 levels in all (the body and 31 arrays) parse, and the DTO then names the field.
      const shallow = await send(e, `{"withdrawnOn":"2019-12-01","reason":${'['.repeat(31)}${']'.repeat(31)}}`);
      expect(shallow).toMatchObject({ status: 400, body: { field: 'reason' } });
      expect(await eventCount()).toBe(before);
    });

    it('reports such lines of an import by their line number, and applies the other lines', async () => {
      const week = (w: string, source: unknown) => ({
        commandId: `bad-text:${w}`,
        type: 'RecordBenefitWeek',
        data: { participantId: f.enrolled, week: w, benefitPaid: false, source },
      });
      const notUtf8 = Buffer.concat([
        Buffer.from('{"commandId":"bad-text:w12","type":"RecordBenefitWeek","data":{"participantId":"'),
        Buffer.from(f.enrolled),
        Buffer.from('","week":"2019-W12","benefitPaid":false,"source":"'),
        Buffer.from([0xc3, 0x28, 0xff]),
        Buffer.from('"}}'),
      ]);
      const body = Buffer.concat([
        Buffer.from(
          jsonl([
            week('2019-W08', 'DREAM'),
            week('2019-W09', 'DREAM\u0000'),
            week('2019-W10', '\ud83dDREAM'),
            `{"commandId":"bad-text:w11","type":"RecordBenefitWeek","data":${'['.repeat(2000)}${']'.repeat(2000)}}`,
          ]),
        ),
        notUtf8,
        Buffer.from(`\n${jsonl([week('2019-W13', 'DREAM')])}`),
      ]);
      const before = await eventCount('contract-edge-c');
      const response = await rawRequest(t.baseUrl, { path: `${C}/imports`, headers: { ...auth('commissioner'), ...NDJSON }, body });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ lines: 6, accepted: 2 });
      expect(response.body.rejected.map((r: any) => [r.line, r.error, r.field])).toEqual([
        [2, 'invalid-text', 'data.source'],
        [3, 'invalid-text', 'data.source'],
        [4, 'invalid-json', undefined],
        [5, 'invalid-encoding', undefined],
      ]);
      expect(await eventCount('contract-edge-c')).toBe(before + 2);
    });
  });

  describe('item 4: unknown fields refused everywhere; JSON only as UTF-8 JSON; contract definitions bounded', () => {
    const traps = ['prototype', 'hasOwnProperty', 'constructor', '__proto__', 'toString'];

    it('refuses fields named prototype, hasOwnProperty, constructor, __proto__ or toString on every write endpoint', async () => {
      const failures: string[] = [];
      for (const e of endpoints) {
        for (const trap of traps) {
          const before = await eventCount();
          const body = withRawMember(e.body(), `${JSON.stringify(trap)}:{"x":1}`);
          const response = await send(e, body);
          const named = response.body?.field === trap || (response.body?.details ?? []).some((d: any) => d.path === trap);
          if (response.status !== 400 || !named || (await eventCount()) !== before) failures.push(`${e.name} ${trap}: ${response.status} ${response.text}`);
        }
      }
      expect(failures).toEqual([]);
    });

    it('refuses them inside a contract definition too, at registration and at amendment', async () => {
      const failures: string[] = [];
      for (const e of [endpoint('POST /contracts'), endpoint('/amendments')]) {
        for (const trap of traps) {
          const before = await eventCount();
          const body = JSON.stringify(e.body()).replace('"caps":{', `"caps":{${JSON.stringify(trap)}:{"x":1},`);
          const response = await send(e, body);
          if (response.status !== 400 || (await eventCount()) !== before) failures.push(`${e.name} caps.${trap}: ${response.status} ${response.text}`);
        }
      }
      expect(failures).toEqual([]);
    });

    it('refuses the same fields in the data of an import line, as the single endpoint does', async () => {
      const data = { participantId: f.enrolled, week: '2019-W20', benefitPaid: false, source: 'DREAM' };
      const lines = traps.map(
        (trap, i) => `{"commandId":"trap:${i}000000","type":"RecordBenefitWeek","data":${JSON.stringify(data).slice(0, -1)},${JSON.stringify(trap)}:{"x":1}}}`,
      );
      const before = await eventCount();
      const response = await rawRequest(t.baseUrl, { path: `${C}/imports`, headers: { ...auth('commissioner'), ...NDJSON }, body: `${lines.join('\n')}\n` });
      expect(response.status).toBe(200);
      expect(response.body.accepted).toBe(0);
      expect(response.body.rejected.map((r: any) => [r.line, r.field])).toEqual(traps.map((trap, i) => [i + 1, `data.${trap}`]));
      expect(await eventCount()).toBe(before);
    });

    it('refuses a JSON body that is not UTF-8 with 400 naming the body, and stores nothing', async () => {
      const e = endpoint('/withdrawal');
      const before = await eventCount();
      const body = Buffer.concat([Buffer.from('{"withdrawnOn":"2019-12-01","reason":"moved '), Buffer.from([0xe6, 0x72, 0xff]), Buffer.from('"}')]);
      const response = await send(e, body);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ error: 'invalid-encoding', field: 'body' });
      expect(await eventCount()).toBe(before);
    });

    it('refuses form-encoded bodies with 415 and records nothing', async () => {
      const e = endpoint('/referrals');
      const before = await eventCount();
      const form = await rawRequest(t.baseUrl, {
        path: e.path(e.params),
        headers: { ...auth(e.role), 'content-type': 'application/x-www-form-urlencoded' },
        body: 'cpr=020290-2222&referredOn=2019-01-02&intakeOutcome=accepted',
      });
      expect(form.status).toBe(415);
      expect(form.body).toMatchObject({ error: 'unsupported-media-type', field: 'body' });
      const multipart = await rawRequest(t.baseUrl, {
        path: e.path(e.params),
        headers: { ...auth(e.role), 'content-type': 'multipart/form-data; boundary=x' },
        body: '--x--',
      });
      expect(multipart.status).toBe(415);
      const none = await rawRequest(t.baseUrl, { path: e.path(e.params), headers: auth(e.role), body: JSON.stringify(e.body()) });
      expect(none).toMatchObject({ status: 415, body: { field: 'body' } });
      expect(await eventCount()).toBe(before);
    });

    it('refuses JSON declared in another charset with 415, and takes utf-8 however it is spelled', async () => {
      const e = endpoint('/benefit-weeks');
      const before = await eventCount();
      for (const charset of ['utf-16', 'UTF-16LE', 'iso-8859-1', 'latin1']) {
        const response = await send(e, e.body(), { 'content-type': `application/json; charset=${charset}` });
        expect({ charset, status: response.status, field: response.body?.field }).toEqual({ charset, status: 415, field: 'body' });
      }
      expect(await eventCount()).toBe(before);
      for (const [i, contentType] of ['application/json; charset=utf-8', 'application/json;charset="UTF-8"', 'Application/JSON'].entries()) {
        const response = await send(e, { ...e.body(), week: `2019-W${30 + i}` }, { 'content-type': contentType });
        expect({ contentType, status: response.status }).toEqual({ contentType, status: 201 });
      }
    });

    it('bounds contract definitions: the title’s length, the currency (ISO 4217), a CPR-shaped contractId', async () => {
      const register = (change: (d: any) => void) => {
        const definition: any = impact60('edge-bounds');
        change(definition);
        return as('commissioner').post('/contracts', definition);
      };
      const paths = (response: { body: any }) => [response.body.field, ...(response.body.details ?? []).map((d: any) => d.path)];
      const before = await eventCount();

      const longTitle = await register((d) => (d.title = 'x'.repeat(200 * 1024)));
      expect(longTitle.status).toBe(400);
      expect(paths(longTitle)).toContain('title');
      expect(JSON.stringify(longTitle.body)).toMatch(/200 characters/);
      for (const currency of ['XXX', 'XTS', 'XAU', 'QQQ']) {
        const response = await register((d) => (d.currency = currency));
        expect({ currency, status: response.status, named: paths(response).includes('currency') }).toEqual({ currency, status: 400, named: true });
      }
      const cprId = await register((d) => (d.contractId = '070190-1234'));
      expect(cprId.status).toBe(400);
      expect(paths(cprId)).toContain('contractId');
      expect(JSON.stringify(cprId.body)).not.toContain('070190');
      expect(await eventCount()).toBe(before);

      expect((await register((d) => (d.title = 'x'.repeat(200)))).status).toBe(201);
    });
  });

  describe('item 5: no CPR number through another door, and no input quoted in an answer', () => {
    it('refuses a CPR-shaped X-Correlation-Id with 400 naming the header, under a fresh correlation id', async () => {
      const e = endpoint('/benefit-weeks');
      const before = await eventCount();
      for (const id of ['070190-1234', '0701901234', 'req-0701901234', '670190-1234']) {
        const response = await send(e, { ...e.body(), week: '2019-W40' }, { 'x-correlation-id': id });
        expect({ id, status: response.status, field: response.body?.field }).toEqual({ id, status: 400, field: 'X-Correlation-Id' });
        expect(response.headers['x-correlation-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        expect(response.text).not.toContain(id);
      }
      expect(await eventCount()).toBe(before);
      const fine = await send(e, { ...e.body(), week: '2019-W41' }, { 'x-correlation-id': 'batch-2019-41' });
      expect(fine.status).toBe(201);
      expect(fine.headers['x-correlation-id']).toBe('batch-2019-41');
    });

    it('refuses a CPR-shaped Idempotency-Key with 400 naming the header', async () => {
      const e = endpoint('/benefit-weeks');
      const before = await eventCount();
      const response = await send(e, { ...e.body(), week: '2019-W42' }, { 'idempotency-key': 'retry-0701901234' });
      expect(response).toMatchObject({ status: 400, body: { field: 'Idempotency-Key' } });
      expect(response.text).not.toContain('0701901234');
      expect(await eventCount()).toBe(before);
    });

    it('refuses a malformed contract id in the path with 400 naming contractId, not a 404 as if it were out of scope or unknown', async () => {
      const before = await eventCount();
      for (const id of ['Edge-C', 'ed', 'edge_c', 'e'.repeat(65)]) {
        const read = await rawRequest(t.baseUrl, { method: 'GET', path: `/contracts/${id}`, headers: auth('commissioner') });
        expect({ id, status: read.status, body: read.body }).toEqual({
          id,
          status: 400,
          body: expect.objectContaining({
            error: 'invalid-contract-id',
            field: 'contractId',
            message: 'contractId must be 3 to 64 lowercase letters, digits or dashes.',
          }),
        });
        const write = await rawRequest(t.baseUrl, {
          path: `/contracts/${id}/activation`,
          headers: { ...auth('commissioner'), 'content-type': 'application/json' },
          body: '{}',
        });
        expect({ id, status: write.status, field: write.body?.field }).toEqual({ id, status: 400, field: 'contractId' });
      }
      expect(await eventCount()).toBe(before);
      expect((await rawRequest(t.baseUrl, { method: 'GET', path: C, headers: auth('commissioner') })).status).toBe(200);
    });

    it('quotes no input in a 4xx: curl’s default form body, an unknown key, an unknown route, a URI too long', async () => {
      const e = endpoint('/referrals');
      const answers: RawResponse[] = [
        // curl -d '{"cpr":...}' sends the JSON as a form body.
        await rawRequest(t.baseUrl, {
          path: e.path(e.params),
          headers: { ...auth(e.role), 'content-type': 'application/x-www-form-urlencoded' },
          body: '{"cpr":"020290-2222","referredOn":"2019-01-02","intakeOutcome":"accepted"}',
        }),
        await send(e, { ...e.body(), '0202902222': 'x' }),
        await send(e, { ...e.body(), 'note-020290-2222': 'x' }),
        await rawRequest(t.baseUrl, { method: 'GET', path: '/citizens/020290-2222', headers: auth('commissioner') }),
        await rawRequest(t.baseUrl, {
          method: 'POST',
          path: `/contracts/020290-2222${'x'.repeat(MAX_PAYMENT_ID_LENGTH)}/activation`,
          headers: { ...auth('commissioner'), 'content-type': 'application/json' },
          body: '{}',
        }),
        await rawRequest(t.baseUrl, { method: 'GET', path: '/contracts/%E0%A4%A', headers: auth('commissioner') }),
      ];
      expect(answers.map((a) => a.status)).toEqual([415, 400, 400, 404, 414, 400]);
      for (const answer of answers) {
        expect(answer.text).not.toMatch(/020290|0202902222|citizens|xxxxxxxx|%E0/);
        expect(typeof answer.body.error).toBe('string');
        expect(typeof answer.body.message).toBe('string');
      }
      expect(answers[1].body.field).toBe('body');
      expect(answers[2].body.field).toBe('body');
    });

    it('masks a CPR number in a logged URL, its dash URL-encoded or not, but not a pseudonym that holds ten digits', async () => {
      // A citizen whose pseudonym (under the test key) holds ten digits in a row.
      const cpr = Array.from({ length: 1000 }, (_, i) => `0202${String(50 + Math.floor(i / 100)).padStart(2, '0')}-${String(i % 100).padStart(4, '0')}`).find(
        (candidate) => /\d{10}/.test(pseudonymise(candidate, KEY)),
      )!;
      const referral = await as('commissioner').post(`${C}/referrals`, { cpr, referredOn: '2019-01-02', intakeOutcome: 'accepted' });
      expect(referral.status).toBe(201);
      const pseudonym: string = referral.body.participantId;
      expect(pseudonym).toMatch(/\d{10}/);

      await rawRequest(t.baseUrl, { method: 'GET', path: `${C}/participants/${pseudonym}/timeline`, headers: auth('commissioner') });
      await rawRequest(t.baseUrl, { method: 'GET', path: `${C}/participants/121290%2D1212/timeline`, headers: auth('commissioner') });
      await rawRequest(t.baseUrl, { method: 'GET', path: `${C}/participants/1212901212/timeline`, headers: auth('commissioner') });
      const urls = logLines.filter((line) => line.includes('"req":')).map((line) => JSON.parse(line).req.url as string);
      expect(urls).toContain(`${C}/participants/${pseudonym}/timeline`);
      expect(urls.filter((url) => url === `${C}/participants/[masked]/timeline`).length).toBeGreaterThanOrEqual(2);
      expect(logLines.join('\n')).not.toMatch(/121290|1212901212/);
    });

    it('logs a 500 with the error’s code and a masked message only, never PostgreSQL’s detail, and answers a generic body', async () => {
      // The database's owner (the service's own role may not change a table) adds a constraint, so
      // that PostgreSQL really fails, with a detail that quotes the row it refused.
      const owner = new pg.Pool({ connectionString: t.db.url, max: 1 });
      await owner.query(`ALTER TABLE es_events ADD CONSTRAINT edge_test_refuses CHECK (data->>'source' IS DISTINCT FROM 'secret-reason-text') NOT VALID`);
      try {
        const e = endpoint('/benefit-weeks');
        const before = logLines.length;
        const response = await send(e, { week: '2019-W45', benefitPaid: false, source: 'secret-reason-text' });
        expect(response.status).toBe(500);
        expect(response.body).toEqual({ statusCode: 500, error: 'internal-error', message: expect.any(String) });
        expect(response.text).not.toContain('secret-reason-text');
        const logged = logLines.slice(before).join('\n');
        expect(logged).toContain('23514');
        expect(logged).not.toContain('secret-reason-text');
        expect(logged).not.toMatch(/Failing row|"detail"|"where"/);
      } finally {
        await owner.query('ALTER TABLE es_events DROP CONSTRAINT edge_test_refuses');
        await owner.end();
      }
    });
  });
});
