import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Role } from '#auth';
import { ApiClient, type ApiResponse } from '#test-support/api-client.js';
import { impact60 } from '#test-support/impact60.js';
import { startTestApp, type TestApp } from '#test-support/test-app.js';
import { createTokens, type TokenSpec } from '#test-support/tokens.js';
import { setUpWriteFixture, WRITE_PRINCIPALS, writeEndpoints, type WriteFixture } from '#test-support/write-endpoints.js';
import { POLICY } from './policy.js';
import { contractStreamId } from '#domain';

const A = 'scope-a';
const B = 'scope-b';
const C = 'scope-c';
const UNKNOWN = 'scope-no-such-contract';

/**
 * A principal scoped to contract A learns nothing of other contracts: whatever it asks of another
 * contract, of another contract's ledger leaf or event, is answered byte for byte as what does
 * not exist, and nothing is written.
 */
describe('outside its scope, a principal finds nothing', () => {
  let t: TestApp;
  let api: ApiClient;
  let all: Record<Role | 'auditor', ApiClient>;
  let onlyA: Record<Role, ApiClient>;
  let fixture: WriteFixture;
  let firstSize: number;
  let latestSize: number;

  let db: pg.Pool;
  const eventsOf = async (contractId: string): Promise<number> =>
    Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM es_events WHERE stream_id = $1', [contractStreamId(contractId)])).rows[0].n);

  beforeAll(async () => {
    t = await startTestApp();
    db = new pg.Pool({ connectionString: t.db.url, max: 2 });
    api = new ApiClient(t.baseUrl);
    const roles: Role[] = ['commissioner', 'provider', 'investor', 'payment-service', 'auditor', 'evaluator'];
    const tokensOf = (prefix: string, contracts: TokenSpec['contracts']) =>
      createTokens(t.app, Object.fromEntries(roles.map((role) => [role, { name: `${prefix}-${role}`, role, contracts }])) as Record<Role, TokenSpec>);
    const allTokens = await tokensOf('all', '*');
    const aTokens = await tokensOf('only-a', [A]);
    all = Object.fromEntries(roles.map((role) => [role, api.as(allTokens[role])])) as typeof all;
    onlyA = Object.fromEntries(roles.map((role) => [role, api.as(aTokens[role])])) as typeof onlyA;
    // B holds every kind of fact (the write fixture); A and C are registered and active.
    // The fixture's proposals take the voice of a party: the write endpoints' own principals.
    const writers = await createTokens(t.app, WRITE_PRINCIPALS);
    fixture = await setUpWriteFixture((role) => api.as(writers[role]), { contractId: B, inactiveContractId: `${B}-inactive`, newContractId: `${B}-new` });
    for (const id of [A, C]) {
      expect((await all.commissioner.post('/contracts', impact60(id))).status).toBe(201);
      expect((await all.commissioner.post(`/contracts/${id}/activation`, { activatedOn: '2018-09-01' })).status).toBe(201);
    }
    firstSize = (await all.auditor.post('/ledger/checkpoints')).body.treeSize;
    // Facts after the first checkpoint: sequenced, but not in it.
    expect((await all.commissioner.post(`/contracts/${C}/referrals`, { cpr: '010180-5555', referredOn: '2019-01-02', intakeOutcome: 'accepted' })).status).toBe(
      201,
    );
    expect((await all.commissioner.post(`/contracts/${A}/referrals`, { cpr: '010180-6666', referredOn: '2019-01-02', intakeOutcome: 'accepted' })).status).toBe(
      201,
    );
    expect((await all.commissioner.post(`/contracts/${B}/referrals`, { cpr: '010180-7777', referredOn: '2019-01-02', intakeOutcome: 'accepted' })).status).toBe(
      201,
    );
    latestSize = (await all.auditor.post('/ledger/checkpoints')).body.treeSize;
    expect(latestSize).toBeGreaterThan(firstSize);
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  const noOtherContract = (response: ApiResponse): void => {
    for (const other of [B, C]) expect(response.text).not.toContain(other);
  };

  it.each([
    ['against the latest checkpoint', ''],
    ['against an earlier checkpoint', 'first'],
  ])('walks every ledger index %s: another contract’s leaf reads exactly as an index with no event', async (_, against) => {
    const query = against === 'first' ? `?treeSize=${firstSize}` : '';
    const nothing = await onlyA.auditor.get(`/ledger/leaves/${Number.MAX_SAFE_INTEGER}/inclusion-proof${query}`);
    expect(nothing).toMatchObject({ status: 404, body: { error: 'leaf-not-found', field: 'index' } });
    const seen = { own: 0, others: 0, othersAfterCheckpoint: 0 };
    // The tester's walk of 101 indices, and past the log's end.
    for (let index = 0; index < Math.max(101, latestSize + 3); index++) {
      const truth = await all.auditor.get(`/ledger/leaves/${index}/inclusion-proof`);
      const asked = await onlyA.auditor.get(`/ledger/leaves/${index}/inclusion-proof${query}`);
      const stream: string | undefined = truth.body.streamId;
      if (stream !== undefined && stream.endsWith(A)) {
        seen.own++;
        // Its own leaves it gets (or is told they are after that checkpoint).
        expect([index, asked.status]).toEqual([index, index < (query ? firstSize : latestSize) ? 200 : 404]);
        if (asked.status === 404) expect(asked.body.error).toBe('not-in-checkpoint');
      } else {
        if (stream !== undefined) seen.others++;
        if (stream !== undefined && query && index >= firstSize) seen.othersAfterCheckpoint++;
        expect([index, asked.status, asked.text]).toEqual([index, 404, nothing.text]);
      }
      noOtherContract(asked);
    }
    expect(seen.own).toBeGreaterThan(0);
    expect(seen.others).toBeGreaterThan(15);
    if (query) expect(seen.othersAfterCheckpoint).toBeGreaterThan(0);
  });

  it('asks for every event of other contracts by id: each reads exactly as an id no event has', async () => {
    const othersIds: Array<{ eventId: string; index: number }> = [];
    for (let index = 0; index < latestSize; index++) {
      const truth = await all.auditor.get(`/ledger/leaves/${index}/inclusion-proof`);
      if (!truth.body.streamId.endsWith(A)) othersIds.push({ eventId: JSON.parse(truth.body.leaf).event.eventId, index });
    }
    expect(othersIds.length).toBeGreaterThan(15);
    for (const query of ['', `?treeSize=${firstSize}`]) {
      const nothing = await onlyA.auditor.get(`/ledger/events/${randomUUID()}/inclusion-proof${query}`);
      expect(nothing).toMatchObject({ status: 404, body: { error: 'leaf-not-found', field: 'eventId' } });
      for (const { eventId, index } of othersIds) {
        const asked = await onlyA.auditor.get(`/ledger/events/${eventId}/inclusion-proof${query}`);
        expect([index, asked.status, asked.text]).toEqual([index, 404, nothing.text]);
        noOtherContract(asked);
      }
    }
  });

  it('answers every route of another, existing contract byte for byte as one that does not exist, and writes nothing', async () => {
    const before = await eventsOf(B);
    const checked: string[] = [];
    for (const [route, allowed] of Object.entries(POLICY)) {
      if (allowed === 'public' || !route.includes('{contractId}')) continue;
      const [method, template] = route.split(' ') as [string, string];
      const path = (contractId: string) =>
        template
          .replace('{contractId}', contractId)
          .replace('{participantId}', fixture.enrolled)
          .replace('{paymentId}', encodeURIComponent(fixture.paymentId))
          .replace(/\{\w+\}/g, 'A');
      for (const role of allowed) {
        const unknown = await all[role].request(
          method,
          path(UNKNOWN),
          method === 'POST' ? {} : undefined,
          route.endsWith('/imports') ? { 'content-type': 'application/x-ndjson' } : {},
        );
        const outside = await onlyA[role].request(
          method,
          path(B),
          method === 'POST' ? {} : undefined,
          route.endsWith('/imports') ? { 'content-type': 'application/x-ndjson' } : {},
        );
        expect({ route, role, status: outside.status, text: outside.text }).toEqual({
          route,
          role,
          status: 404,
          text: `{"statusCode":404,"error":"contract-not-found","message":"No contract ${B} is registered.","field":"contractId"}`,
        });
        // What the route itself answers for a contract that does not exist, when it gets that far (a body it accepts: below).
        if (unknown.status === 404) expect({ route, role, text: unknown.text.replace(UNKNOWN, B) }).toEqual({ route, role, text: outside.text });
        checked.push(route);
      }
    }
    expect(new Set(checked).size).toBeGreaterThan(35);
    expect(await eventsOf(B)).toBe(before);
  });

  it('answers every command with a body it accepts on an unknown contract exactly as on another contract', async () => {
    const before = await eventsOf(B);
    for (const endpoint of writeEndpoints(fixture)) {
      if (endpoint.name === 'POST /contracts') continue;
      const unknown = await all[endpoint.role].post(endpoint.path({ ...endpoint.params, contractId: UNKNOWN }), endpoint.body());
      const outside = await onlyA[endpoint.role].post(endpoint.path({ ...endpoint.params, contractId: B }), endpoint.body());
      expect({ name: endpoint.name, status: unknown.status, text: unknown.text.replace(UNKNOWN, B) }).toEqual({
        name: endpoint.name,
        status: 404,
        text: outside.text,
      });
    }
    expect(await eventsOf(B)).toBe(before);
  });

  it('refuses to register a contract outside the scope with 403, the same whether its id is taken or free', async () => {
    const taken = await onlyA.commissioner.post('/contracts', impact60(B));
    const free = await onlyA.commissioner.post('/contracts', impact60(UNKNOWN));
    expect(taken.status).toBe(403);
    expect([free.status, free.text.replace(UNKNOWN, B)]).toEqual([403, taken.text]);
  });

  it('gives a scoped principal the checkpoint, which names no contract: the log’s size and number of streams only', async () => {
    for (const path of ['/ledger/checkpoints/latest', `/ledger/checkpoints/${firstSize}`, `/ledger/consistency-proof?from=${firstSize}`]) {
      const answer = await onlyA['payment-service'].get(path);
      expect([path, answer.status]).toEqual([path, 200]);
      for (const id of [A, B, C]) expect(answer.text).not.toContain(id);
    }
  });
});
