import type { Role } from '#auth';
import { Database } from '#database';
import { POLICY } from '../auth/policy.js';
import { createMatrixTokens } from '../auth/role-matrix.js';
import { ApiClient } from '#test-support/api-client.js';
import { impact60 } from '#test-support/impact60.js';
import { rawRequest, type RawResponse } from '#test-support/raw-http.js';
import { startTestApp, type TestApp } from '#test-support/test-app.js';
import { createTokens } from '#test-support/tokens.js';
import { setUpWriteFixture, writeEndpoints, type WriteFixture } from '#test-support/write-endpoints.js';

/**
 * Every parameter of every route in the OpenAPI document the app serves, malformed one at a time:
 * the cases are generated from the document, so a new route or parameter is covered without a new
 * test. Whatever is malformed: no 5xx, a 4xx naming the parameter as the client wrote it (or
 * `body`), nothing written. Then the same requests, well formed, are not refused as bad input.
 * Principals see every contract ('*'), and the contract is real, so requests reach their handlers.
 */

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: { type?: string; format?: string; enum?: unknown[]; minimum?: number; maximum?: number };
}

interface Operation {
  method: 'GET' | 'POST';
  path: string;
  parameters: Parameter[];
  jsonBody: boolean;
  role: Role | undefined;
}

interface Probe {
  what: string;
  /** The `field` the answer must name (any of them). */
  fields: readonly string[];
  method: string;
  path: string;
  body?: string;
}

const YEAR_10000 = ['+010000-01-01T00:00:00Z', '10000-01-01T00:00:00Z', '10000-01-01', '9999-12-31T23:59:59Z', '1900-01-01T00:00:00Z'];
const BEYOND_64_BITS = '18446744073709551617';
const MALFORMED = ['1e3', '0x10', '0b11', '%205', '+5', '-1', '01', BEYOND_64_BITS, 'five'];
/** What an optional parameter needs beside it to be valid. */
const COMPANIONS: Record<string, string[]> = { tailWeeks: ['method=tailPeriod'] };
const BAD_BODIES = ['null', '[]', '"x"', '5', 'true'];

describe('every parameter of every documented route, malformed', () => {
  let t: TestApp;
  let tokens: Record<Role, string>;
  let fixture: WriteFixture;
  let operations: Operation[];
  let samples: Record<string, string>;
  /** Where a route takes another value of a parameter than the others: its own list's cursor, its own statuses. */
  let routeSamples: Record<string, Record<string, string>>;
  const sampleOf = (op: Operation, name: string): string => routeSamples[op.path]?.[name] ?? samples[name];
  let eventCount: () => Promise<number>;

  beforeAll(async () => {
    t = await startTestApp();
    tokens = (await createMatrixTokens(t.app, '*')).inScope;
    // The parties' own tokens, so that the settlement's and the termination's agreement routes reach their handlers.
    const parties = (impact60('params') as { parties: Record<'commissioner' | 'investor', string> }).parties;
    Object.assign(
      tokens,
      await createTokens(t.app, {
        commissioner: { role: 'commissioner', party: parties.commissioner, contracts: '*' },
        investor: { role: 'investor', party: parties.investor, contracts: '*' },
      }),
    );
    const pool = t.app.get(Database).pool;
    eventCount = async () => (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM es_events')).rows[0].n;
    fixture = await setUpWriteFixture((role) => new ApiClient(t.baseUrl, tokens[role]), {
      contractId: 'params',
      inactiveContractId: 'params-inactive',
      newContractId: 'params-new',
    });
    // A participant referred with an intake variant, so that the participants' filter has one to name.
    const variantReferral = { cpr: '010180-5555', referredOn: '2019-01-02', intakeOutcome: 'accepted', intakeVariant: 'thorough' };
    expect((await new ApiClient(t.baseUrl, tokens.commissioner).post(`/contracts/${fixture.contractId}/referrals`, variantReferral)).status).toBe(201);
    const checkpoint = await new ApiClient(t.baseUrl, tokens.auditor).post('/ledger/checkpoints');
    expect(checkpoint.status).toBe(200);
    const eventId = (await pool.query<{ id: string }>('SELECT event_id::text AS id FROM es_events ORDER BY global_position LIMIT 1')).rows[0].id;
    const feed = await new ApiClient(t.baseUrl, tokens.auditor).get(`/contracts/${fixture.contractId}/feed?limit=1`);
    // A valid value of every parameter the document declares; a parameter missing here fails the test.
    samples = {
      contractId: fixture.contractId,
      participantId: fixture.enrolled,
      placementId: 'A',
      evidenceId: 'ev-A',
      paymentId: fixture.paymentId,
      proposalId: '1',
      treeSize: String(checkpoint.body.treeSize),
      index: '0',
      eventId,
      asOf: new Date().toISOString(),
      terminatedOn: '2020-06-30',
      after: feed.body.next,
      limit: '10',
      from: '1',
      to: String(checkpoint.body.treeSize),
      status: 'due',
      method: 'tailPeriod',
      horizonWeeks: '52',
      tailWeeks: '26',
      fallbackRate: '1/3',
      rates: 'kaplanMeier',
      dateGranularity: 'week',
      studyKey: 'params-study',
      outcomeCode: 'JOB_START',
      intakeVariant: 'thorough',
    };
    const document = (await (await fetch(`${t.baseUrl}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, unknown> } }>>;
    };
    operations = Object.entries(document.paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod).map(([method, operation]) => {
        const allowed = POLICY[`${method.toUpperCase()} ${path}`];
        return {
          method: method.toUpperCase() as Operation['method'],
          path,
          parameters: (operation.parameters ?? []).filter((p) => p.in !== 'header'),
          jsonBody: operation.requestBody?.content['application/json'] !== undefined,
          role: allowed === 'public' || allowed === undefined ? undefined : allowed[0],
        };
      }),
    );
    // Each list hands out cursors of its own (the feed's is `after` above): its first page's `next`.
    routeSamples = { '/contracts/{contractId}/participants': { status: 'enrolled' } };
    for (const op of operations.filter((o) => o.method === 'GET' && ['after', 'limit'].every((name) => o.parameters.some((p) => p.name === name)))) {
      const response = await new ApiClient(t.baseUrl, tokens[op.role ?? 'auditor']).get(requestOf(op, { query: [...queryWith(op, 'limit', ['limit=1'])] }));
      if (response.status === 200) routeSamples[op.path] = { ...routeSamples[op.path], after: response.body.next };
    }
    // The settlement of a contract not terminated is a 409 whatever the page; its lines' cursors are the what-if's kind.
    routeSamples['/contracts/{contractId}/settlement'] = { after: routeSamples['/contracts/{contractId}/settlement/what-if'].after };
  });
  afterAll(() => t.close());

  const isDateLike = (p: Parameter): boolean => p.schema?.format === 'date' || p.schema?.format === 'date-time';
  const isNumber = (p: Parameter): boolean => p.schema?.type === 'number' || p.schema?.type === 'integer';

  /** The request with every path parameter and every required query parameter at its sample value, `change` applied. */
  function requestOf(op: Operation, change: { path?: Record<string, string>; query?: string[] } = {}): string {
    const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => change.path?.[name] ?? encodeURIComponent(samples[name]));
    const query =
      change.query ?? op.parameters.filter((p) => p.in === 'query' && p.required).map((p) => `${p.name}=${encodeURIComponent(sampleOf(op, p.name))}`);
    return query.length === 0 ? path : `${path}?${query.join('&')}`;
  }

  /** The query of `op` without `name`, plus `pairs`. */
  function queryWith(op: Operation, name: string, pairs: string[]): string[] {
    const others = op.parameters
      .filter((p) => p.in === 'query' && p.required && p.name !== name)
      .map((p) => `${p.name}=${encodeURIComponent(sampleOf(op, p.name))}`);
    return [...others, ...pairs];
  }

  function probesOf(op: Operation): Probe[] {
    const probes: Probe[] = [];
    const at = (what: string, fields: readonly string[], path: string, body?: string): Probe => ({
      what: `${op.method} ${op.path}: ${what}`,
      fields,
      method: op.method,
      path,
      body,
    });
    const validBody = op.jsonBody ? JSON.stringify(validBodyOf(op)) : undefined;
    for (const p of op.parameters) {
      const values = [...MALFORMED, ...(isDateLike(p) || isNumber(p) ? YEAR_10000 : [])]
        // A value the parameter takes is no malformation: ids may be `five` or `01`, a study key `five`.
        .filter((value) => !takes(p, value));
      if (p.in === 'path') {
        for (const value of values) probes.push(at(`${p.name}=${value}`, [p.name], requestOf(op, { path: { [p.name]: value } }), validBody));
        // An empty segment matches no route (the answer names the path); a last one is the route above it.
        if (!op.path.endsWith(`{${p.name}}`)) probes.push(at(`${p.name} empty`, [p.name, 'path'], requestOf(op, { path: { [p.name]: '' } }), validBody));
        continue;
      }
      for (const value of values)
        probes.push(at(`${p.name}=${value}`, [p.name], requestOf(op, { query: queryWith(op, p.name, [`${p.name}=${value}`]) }), validBody));
      const sample = encodeURIComponent(sampleOf(op, p.name));
      probes.push(at(`${p.name} empty`, [p.name], requestOf(op, { query: queryWith(op, p.name, [`${p.name}=`]) }), validBody));
      probes.push(
        at(`${p.name} repeated`, [p.name], requestOf(op, { query: queryWith(op, p.name, [`${p.name}=${sample}`, `${p.name}=${sample}`]) }), validBody),
      );
      probes.push(at(`${p.name}[]`, [`${p.name}[]`, p.name], requestOf(op, { query: queryWith(op, p.name, [`${p.name}[]=${sample}`]) }), validBody));
      probes.push(at(`${p.name}[x]`, [`${p.name}[x]`, p.name], requestOf(op, { query: queryWith(op, p.name, [`${p.name}[x]=${sample}`]) }), validBody));
    }
    probes.push(at('an unknown parameter', ['unknownParameter'], `${requestOf(op)}${requestOf(op).includes('?') ? '&' : '?'}unknownParameter=1`, validBody));
    if (op.jsonBody) {
      for (const body of BAD_BODIES) probes.push(at(`body ${body}`, ['body'], requestOf(op), body));
    } else if (op.method === 'POST' && !op.path.endsWith('/imports')) {
      for (const body of ['{"treeSize":1}', '{}', 'null']) probes.push(at(`a body where none is taken: ${body}`, ['body'], requestOf(op), body));
    }
    return probes;
  }

  /** Values some parameters take as they are (an id may be any short text). */
  function takes(p: Parameter, value: string): boolean {
    if (['placementId', 'evidenceId', 'contractId'].includes(p.name)) return /^[a-z0-9][a-z0-9-]*$/i.test(value) && !/^[+-]/.test(value);
    if (p.name === 'studyKey') return /^[A-Za-z][A-Za-z0-9._-]{2,63}$/.test(value);
    return false;
  }

  function validBodyOf(op: Operation): unknown {
    const endpoint = writeEndpoints(fixture).find((e) => e.name.replace(/:(\w+)/g, '{$1}') === `${op.method} ${op.path}`);
    return endpoint?.body() ?? {};
  }

  const send = (op: Operation, probe: { method: string; path: string; body?: string }, accept?: string): Promise<RawResponse> =>
    rawRequest(t.baseUrl, {
      method: probe.method,
      path: probe.path,
      headers: {
        ...(op.role === undefined ? {} : { authorization: `Bearer ${tokens[op.role]}` }),
        ...(accept === undefined ? {} : { accept }),
        ...(probe.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: probe.body,
    });

  it('knows a valid value of every parameter the document declares', () => {
    const declared = new Set(operations.flatMap((op) => op.parameters.map((p) => p.name)));
    expect([...declared].filter((name) => samples[name] === undefined)).toEqual([]);
    expect(operations.length).toBeGreaterThan(40);
    // Whole numbers declare their bounds; the document says what the parser takes.
    const unbounded = operations.flatMap((op) =>
      op.parameters
        .filter((p) => isNumber(p) && (p.schema?.type !== 'integer' || p.schema.minimum === undefined || p.schema.maximum === undefined))
        .map((p) => `${op.path} ${p.name}`),
    );
    expect(unbounded).toEqual([]);
    expect(operations.flatMap((op) => op.parameters.filter(isNumber).map((p) => p.name))).toEqual(
      expect.arrayContaining(['limit', 'treeSize', 'index', 'from', 'to', 'horizonWeeks', 'tailWeeks']),
    );
  });

  it('refuses what a route does not take rather than ignore it: asOf on the exports that answer as of now, a tree size or a body when signing a checkpoint', async () => {
    const C = `/contracts/${fixture.contractId}`;
    const refusals = [
      { role: 'auditor' as const, method: 'GET', path: `${C}/audit-export?asOf=${encodeURIComponent(samples.asOf)}`, field: 'asOf' },
      { role: 'auditor' as const, method: 'GET', path: `${C}/evidence-exports?asOf=${encodeURIComponent(samples.asOf)}`, field: 'asOf' },
      { role: 'auditor' as const, method: 'POST', path: '/ledger/checkpoints?treeSize=1', field: 'treeSize' },
      { role: 'auditor' as const, method: 'POST', path: '/ledger/checkpoints', body: '{"treeSize":1}', field: 'body' },
      { role: 'auditor' as const, method: 'POST', path: '/ledger/checkpoints', body: '{}', field: 'body' },
    ];
    for (const refusal of refusals) {
      const before = await eventCount();
      const response = await send({ role: refusal.role } as Operation, refusal);
      expect({ path: refusal.path, status: response.status, field: response.body?.field, written: (await eventCount()) - before }).toEqual({
        path: refusal.path,
        status: 400,
        field: refusal.field,
        written: 0,
      });
    }
    expect((await send({ role: 'auditor' } as Operation, { method: 'GET', path: `${C}/audit-export` })).status).toBe(200);
    expect((await send({ role: 'auditor' } as Operation, { method: 'POST', path: '/ledger/checkpoints' })).status).toBe(200);
  });

  it('refuses every malformed parameter and body with a 4xx naming it, and writes nothing', async () => {
    const failures: string[] = [];
    let sent = 0;
    for (const op of operations) {
      for (const probe of probesOf(op)) {
        const before = await eventCount();
        // Asking for the settlement's CSV or any other type changes nothing: an error is JSON.
        const response = await send(op, probe, 'text/csv, text/html;q=0.9, */*;q=0.1');
        const written = (await eventCount()) - before;
        sent += 1;
        const json = String(response.headers['content-type'] ?? '').startsWith('application/json');
        const ok = response.status >= 400 && response.status < 500 && json && probe.fields.includes(response.body?.field) && written === 0;
        if (!ok) failures.push(`${probe.what} → ${response.status} ${json ? 'json' : 'not json'} field=${response.body?.field} written=${written}`);
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(900);
  });

  it('takes the same requests well formed: none is refused as bad input', async () => {
    const failures: string[] = [];
    for (const op of operations.filter((o) => o.method === 'GET')) {
      const all = op.parameters.filter((p) => p.in === 'query').map((p) => `${p.name}=${encodeURIComponent(sampleOf(op, p.name))}`);
      // Every optional parameter at once would mix overrides of both methods; each one alone, then only the required ones.
      const variants = [undefined, ...all.map((pair) => [...queryWith(op, pair.split('=')[0], [pair, ...(COMPANIONS[pair.split('=')[0]] ?? [])])])];
      for (const query of variants) {
        const path = requestOf(op, query === undefined ? {} : { query });
        const response = await send(op, { method: 'GET', path });
        // The settlement of a contract not terminated is a 409: a refusal of the state, not of the input.
        if (response.status >= 400 && response.status !== 409)
          failures.push(`${path} → ${response.status} field=${response.body?.field}: ${response.body?.message}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
