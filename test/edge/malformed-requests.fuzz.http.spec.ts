import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { Database } from '#database';
import { containsCprShaped, MAX_PAYMENT_ID_LENGTH } from '#domain';
import { ApiClient } from '#test-support/api-client.js';
import { rawRequest, type RawResponse } from '#test-support/raw-http.js';
import { startTestApp, type TestApp } from '#test-support/test-app.js';
import { createTokens } from '#test-support/tokens.js';
import {
  type FieldKind,
  importLineData,
  setUpWriteFixture,
  type WriteEndpoint,
  withRawMember,
  WRITE_PRINCIPALS,
  writeEndpoints,
  type WriteFixture,
} from '#test-support/write-endpoints.js';

/**
 * Malformed requests, generated: every write endpoint and the import, each request a valid one
 * with one thing broken (a field's value, an unknown or a missing field, the bytes of the body,
 * a header, a path parameter). Whatever is broken: no 5xx, a refusal that names a field or the
 * body, nothing written, and no CPR number in the answer. At the end the unbroken requests are
 * sent and succeed, so the refusals were the breakages' doing.
 */
describe('malformed requests to every write endpoint and the import', () => {
  const CPRS = ['070190-1234', '0701901234', '070190%2D1234', '670190-1234', '311299-9999'];
  const HTTP_RUNS = 400;
  const IMPORT_RUNS = 160;
  let t: TestApp;
  let tokens: Record<WriteEndpoint['role'], string>;
  let http: WriteFixture;
  let imports: WriteFixture;
  let sent = 0;
  const eventCount = async (): Promise<number> => (await t.app.get(Database).pool.query<{ n: number }>('SELECT count(*)::int AS n FROM es_events')).rows[0].n;

  beforeAll(async () => {
    t = await startTestApp();
    tokens = await createTokens(t.app, WRITE_PRINCIPALS);
    const as = (role: WriteEndpoint['role']) => new ApiClient(t.baseUrl, tokens[role]);
    http = await setUpWriteFixture(as, { contractId: 'fuzz-http', inactiveContractId: 'fuzz-http-inactive', newContractId: 'fuzz-http-new' });
    imports = await setUpWriteFixture(as, { contractId: 'fuzz-import', inactiveContractId: 'fuzz-import-inactive', newContractId: 'fuzz-import-new' });
  });
  afterAll(() => t.close());

  // ---- values that are wrong for a field of each kind ----

  const ascii = fc.string({ maxLength: 12 });
  const cprText = fc.tuple(fc.constantFrom('', 'ref ', 'see: '), fc.constantFrom(...CPRS), fc.constantFrom('', ' end')).map(([a, cpr, b]) => `${a}${cpr}${b}`);
  const unstorable = fc.tuple(ascii, fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00', '\udfff'), ascii).map(([a, c, b]) => `${a}${c}${b}`);
  const tooLong = fc.integer({ min: 501, max: 4000 }).map((n) => 'x'.repeat(n));
  const notString = fc.oneof(fc.integer(), fc.boolean(), fc.array(ascii, { maxLength: 3 }), fc.dictionary(fc.constantFrom('a', 'b'), ascii));
  const badValue = (kind: FieldKind): fc.Arbitrary<unknown> => {
    const badStrings = kind === 'cpr' ? fc.oneof(unstorable, tooLong) : fc.oneof(cprText, unstorable, tooLong);
    switch (kind) {
      case 'hours':
        return fc.oneof(badStrings, fc.boolean(), fc.constant(-1), fc.array(fc.integer(), { maxLength: 2 }), fc.constant({}));
      case 'boolean':
        return fc.oneof(badStrings, fc.integer(), fc.array(fc.boolean(), { maxLength: 2 }), fc.constant({}));
      case 'object':
        return fc.oneof(badStrings, fc.integer(), fc.boolean(), fc.constant([]), fc.record({ nested: fc.oneof(cprText, unstorable) }));
      default:
        return fc.oneof(badStrings, notString);
    }
  };
  const unknownKey = (known: readonly string[]) =>
    fc
      .constantFrom('prototype', 'hasOwnProperty', 'constructor', '__proto__', 'toString', 'valueOf', 'note', 'cpr', '0701901234', 'a\u0000b', 'x-y')
      .filter((key) => !known.includes(key));
  const anyValue = fc.oneof(ascii, fc.integer(), fc.constant({ x: 1 }), fc.constant(null));

  /** A JSON object with one thing wrong in it, as text or bytes. */
  const brokenObject = (valid: Record<string, unknown>, fields: WriteEndpoint['fields']): fc.Arbitrary<string | Buffer> => {
    const names = Object.keys(fields);
    const present = names.filter((name) => valid[name] !== undefined);
    const required = names.filter((name) => !fields[name].optional && valid[name] !== undefined);
    // A body without fields (a proposal's answer) is broken in a field of its own.
    const stringField = present.find((name) => typeof valid[name] === 'string') ?? 'note';
    return fc.oneof(
      ...(names.length > 0
        ? [fc.constantFrom(...names).chain((name) => badValue(fields[name].kind).map((value) => JSON.stringify({ ...valid, [name]: value })))]
        : []),
      fc.tuple(unknownKey(names), anyValue).map(([key, value]) => withRawMember(valid, `${JSON.stringify(key)}:${JSON.stringify(value)}`)),
      ...(required.length > 0 ? [fc.constantFrom(...required).map((name) => JSON.stringify({ ...valid, [name]: undefined }))] : []),
      fc.constantFrom(Buffer.from([0xff]), Buffer.from([0xc3, 0x28]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xe6])).map((bytes) => {
        const [before, after] = JSON.stringify({ ...valid, [stringField]: '@@' }).split('@@');
        return Buffer.concat([Buffer.from(before), bytes, Buffer.from(after)]);
      }),
      fc
        .integer({ min: 32, max: 3000 })
        .map((depth) => JSON.stringify({ ...valid, [stringField]: '@@' }).replace('"@@"', `${'['.repeat(depth)}${']'.repeat(depth)}`)),
      fc.nat().map((n) => {
        const text = JSON.stringify(valid);
        return text.slice(0, 1 + (n % (text.length - 1)));
      }),
      fc.constantFrom('x', '}', ',', ' {}').map((tail) => `${JSON.stringify(valid)}${tail}`),
      fc.constantFrom('[]', '"text"', '42', 'true', `[${JSON.stringify(valid)}]`),
    );
  };

  // ---- requests ----

  interface Probe {
    what: string;
    role: WriteEndpoint['role'];
    path: string;
    headers: Record<string, string>;
    body?: string | Buffer;
  }

  const encodedParam = fc.constantFrom(
    ...CPRS.map((cpr) => [cpr, cpr] as const),
    ['070190%2D1234', 'the dash URL-encoded'] as const,
    ['%00', 'U+0000'] as const,
    ['%01', 'a control character'] as const,
    ['x'.repeat(MAX_PAYMENT_ID_LENGTH + 1), 'too long'] as const,
    ['%E0%A4%A', 'bad escapes'] as const,
  );

  const httpProbe = (e: WriteEndpoint): fc.Arbitrary<Probe> => {
    const path = e.path(e.params);
    const json = { 'content-type': 'application/json' };
    const valid = JSON.stringify(e.body());
    const base = (what: string, body: string | Buffer | undefined, headers: Record<string, string> = json, p = path): Probe => ({
      what: `${e.name}: ${what}`,
      role: e.role,
      path: p,
      headers,
      body,
    });
    const params = Object.keys(e.params);
    return fc.oneof(
      { weight: 6, arbitrary: brokenObject(e.body(), e.fields).map((body) => base('body', body)) },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom(
            'application/x-www-form-urlencoded',
            'text/plain',
            'multipart/form-data; boundary=x',
            'application/json; charset=utf-16',
            'application/json; charset=latin1',
            'application/x-ndjson',
            'application/xml',
            'application/json-patch+json',
          )
          .map((type) => base(`content-type ${type}`, valid, { 'content-type': type })),
      },
      { weight: 1, arbitrary: fc.constant(base('no content-type', valid, {})) },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom('gzip', 'br', 'deflate')
          .map((encoding) => base(`content-encoding ${encoding}`, gzipSync(valid), { ...json, 'content-encoding': encoding })),
      },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom(...CPRS, 'retry-0701901234', 'no spaces please', 'short')
          .map((key) => base(`idempotency-key ${key}`, valid, { ...json, 'idempotency-key': key })),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom(...CPRS, 'req-0701901234').map((id) => base(`x-correlation-id ${id}`, valid, { ...json, 'x-correlation-id': id })),
      },
      ...(params.length === 0
        ? []
        : [
            {
              weight: 2,
              arbitrary: fc.tuple(fc.constantFrom(...params), encodedParam).map(([name, [value, label]]) => {
                const raw = e
                  .path({ ...e.params, [name]: '@@' })
                  .replace(encodeURIComponent('@@'), '@@')
                  .replace('@@', value);
                return base(`path ${name} = ${label}`, valid, json, raw);
              }),
            },
          ]),
    );
  };

  const importProbe = (): fc.Arbitrary<Probe & { line: number }> => {
    const templates = importLineData(imports);
    return fc.tuple(fc.integer({ min: 0, max: templates.length - 1 }), fc.integer({ min: 0, max: 3 })).chain(([index, blankLines]) => {
      const template = templates[index];
      const commandId = `fuzz:${String(index).padStart(2, '0')}:line`;
      const valid = { commandId, type: template.type, data: template.data };
      const line = (text: string | Buffer) => Buffer.concat([Buffer.from('\n'.repeat(blankLines)), Buffer.from(text), Buffer.from('\n')]);
      const probe = (what: string, text: string | Buffer): Probe & { line: number } => ({
        what: `import ${template.type}: ${what}`,
        role: template.role,
        path: '/contracts/fuzz-import/imports',
        headers: { 'content-type': 'application/x-ndjson' },
        body: line(text),
        line: blankLines + 1,
      });
      const lineFields: WriteEndpoint['fields'] = { commandId: { kind: 'id' }, type: { kind: 'choice' }, data: { kind: 'object' } };
      return fc.oneof(
        {
          weight: 5,
          arbitrary: brokenObject(template.data, template.fields).map((data) =>
            probe('data', Buffer.concat([Buffer.from(`{"commandId":"${commandId}","type":"${template.type}","data":`), Buffer.from(data), Buffer.from('}')])),
          ),
        },
        { weight: 2, arbitrary: brokenObject(valid, lineFields).map((text) => probe('line', text)) },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom('ref-0701901234', '070190-1234:x', 'short', 'has space', 'x'.repeat(129))
            .map((id) => probe(`commandId ${id.slice(0, 20)}`, JSON.stringify({ ...valid, commandId: id }))),
        },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom('Nope', 'ActivateContract', 'RegisterContract', '070190-1234', '')
            .map((type) => probe(`type ${type}`, JSON.stringify({ ...valid, type }))),
        },
        { weight: 1, arbitrary: fc.constant(probe('a line of 70 kB', JSON.stringify({ ...valid, data: { ...template.data, pad: 'x'.repeat(70 * 1024) } }))) },
      );
    });
  };

  const CPR_LITERALS = [...CPRS, '0701901234', '070190', '6701901234', '3112999999'];
  const quotesCpr = (response: RawResponse): boolean =>
    containsCprShaped(response.text) ||
    CPR_LITERALS.some((cpr) => response.text.includes(cpr)) ||
    containsCprShaped(String(response.headers['x-correlation-id'] ?? ''));

  const send = async (probe: Probe): Promise<{ response: RawResponse; written: number }> => {
    const before = await eventCount();
    const response = await rawRequest(t.baseUrl, {
      path: probe.path,
      headers: { authorization: `Bearer ${tokens[probe.role]}`, ...probe.headers },
      body: probe.body,
    });
    sent += 1;
    return { response, written: (await eventCount()) - before };
  };

  it(`refuses ${HTTP_RUNS} malformed requests to the write endpoints: no 5xx, the field or the body named, nothing written, no CPR number quoted`, async () => {
    const endpoints = writeEndpoints(http);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...endpoints).chain(httpProbe), async (probe) => {
        const { response, written } = await send(probe);
        const named = typeof response.body?.field === 'string' && response.body.field !== '';
        const refused = response.status >= 400 && response.status < 500 ? '4xx' : response.status;
        expect({ what: probe.what, refused, named, written, quotesCpr: quotesCpr(response) }).toEqual({
          what: probe.what,
          refused: '4xx',
          named: true,
          written: 0,
          quotesCpr: false,
        });
      }),
      { numRuns: HTTP_RUNS },
    );
  });

  it(`reports ${IMPORT_RUNS} malformed import lines by their line number: no 5xx, nothing written, no CPR number quoted`, async () => {
    await fc.assert(
      fc.asyncProperty(importProbe(), async (probe) => {
        const { response, written } = await send(probe);
        const report = response.body ?? {};
        const rejection = report.rejected?.[0];
        expect({
          what: probe.what,
          status: response.status,
          lines: report.lines,
          accepted: report.accepted,
          line: rejection?.line,
          error: typeof rejection?.error,
          written,
          quotesCpr: quotesCpr(response),
        }).toEqual({ what: probe.what, status: 200, lines: 1, accepted: 0, line: probe.line, error: 'string', written: 0, quotesCpr: false });
      }),
      { numRuns: IMPORT_RUNS },
    );
  });

  it('refuses malformed import bodies as a whole, naming the body or the parameter', async () => {
    const valid = `${JSON.stringify({ commandId: 'fuzz:body:0001', type: 'RecordBenefitWeek', data: { participantId: imports.enrolled, week: '2019-W30', benefitPaid: false, source: 'DREAM' } })}\n`;
    const probes: Array<Probe & { status: number; field: string }> = [
      {
        what: 'JSON instead of JSON Lines',
        role: 'commissioner',
        path: '/contracts/fuzz-import/imports',
        headers: { 'content-type': 'application/json' },
        body: valid,
        status: 415,
        field: 'body',
      },
      {
        what: 'a form',
        role: 'commissioner',
        path: '/contracts/fuzz-import/imports',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: valid,
        status: 415,
        field: 'body',
      },
      {
        what: 'another charset',
        role: 'commissioner',
        path: '/contracts/fuzz-import/imports',
        headers: { 'content-type': 'text/plain; charset=utf-16' },
        body: valid,
        status: 415,
        field: 'body',
      },
      {
        what: 'brotli',
        role: 'commissioner',
        path: '/contracts/fuzz-import/imports',
        headers: { 'content-type': 'application/x-ndjson', 'content-encoding': 'br' },
        body: valid,
        status: 415,
        field: 'body',
      },
      {
        what: 'gzip that is not gzip',
        role: 'commissioner',
        path: '/contracts/fuzz-import/imports',
        headers: { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' },
        body: valid,
        status: 400,
        field: 'body',
      },
      {
        what: 'gzip cut short',
        role: 'commissioner',
        path: '/contracts/fuzz-import/imports',
        headers: { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' },
        body: gzipSync(valid).subarray(0, 12),
        status: 400,
        field: 'body',
      },
      {
        what: 'no lines',
        role: 'commissioner',
        path: '/contracts/fuzz-import/imports',
        headers: { 'content-type': 'application/x-ndjson' },
        body: '\n\n',
        status: 400,
        field: 'body',
      },
      ...CPRS.map((cpr) => ({
        what: `contract ${cpr}`,
        role: 'commissioner' as const,
        path: `/contracts/${cpr}/imports`,
        headers: { 'content-type': 'application/x-ndjson' },
        body: valid,
        status: 400,
        field: 'contractId',
      })),
    ];
    for (const probe of probes) {
      const { response, written } = await send(probe);
      expect({ what: probe.what, status: response.status, field: response.body?.field, written, quotesCpr: quotesCpr(response) }).toEqual({
        what: probe.what,
        status: probe.status,
        field: probe.field,
        written: 0,
        quotesCpr: false,
      });
    }
  });

  it('sent at least 500 malformed requests, and the same requests unbroken succeed', async () => {
    expect(sent).toBeGreaterThanOrEqual(500);
    for (const e of writeEndpoints(http)) {
      const response = await rawRequest(t.baseUrl, {
        path: e.path(e.params),
        headers: { authorization: `Bearer ${tokens[e.role]}`, 'content-type': 'application/json' },
        body: JSON.stringify(e.body()),
      });
      expect({ endpoint: e.name, status: response.status }).toEqual({ endpoint: e.name, status: 201 });
    }
    for (const [index, template] of importLineData(imports).entries()) {
      const line = JSON.stringify({ commandId: `fuzz:${String(index).padStart(2, '0')}:line`, type: template.type, data: template.data });
      const response = await rawRequest(t.baseUrl, {
        path: '/contracts/fuzz-import/imports',
        headers: { authorization: `Bearer ${tokens[template.role]}`, 'content-type': 'application/x-ndjson' },
        body: `${line}\n`,
      });
      expect({ type: template.type, status: response.status, accepted: response.body?.accepted, rejected: response.body?.rejected }).toEqual({
        type: template.type,
        status: 200,
        accepted: 1,
        rejected: [],
      });
    }
  });
});
