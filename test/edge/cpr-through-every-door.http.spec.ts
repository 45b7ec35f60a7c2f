import { Database } from '#database';
import { containsCprShaped, MAX_PAYMENT_ID_LENGTH } from '#domain';
import { ApiClient } from '#test-support/api-client.js';
import { rawRequest, type RawResponse } from '#test-support/raw-http.js';
import { startTestApp, type TestApp } from '#test-support/test-app.js';
import { createTokens } from '#test-support/tokens.js';
import { importLineData, setUpWriteFixture, type WriteEndpoint, WRITE_PRINCIPALS, writeEndpoints, type WriteFixture } from '#test-support/write-endpoints.js';

/**
 * §9 and issue 7, item 5: a CPR number is taken only as a referral's `cpr`. Sent through any
 * other door (every free-text field and id of every write endpoint, every path parameter, the
 * query strings, the Idempotency-Key and X-Correlation-Id headers, an unknown field's name or
 * value, every field of an import line, in every form a careless client would send it), it is
 * refused with a 400 that names the door, and it is found in no event, no log line, no answer.
 */
describe('a CPR number through every door but the referral’s', () => {
  // Each form once per door: with and without its dash, the dash URL-encoded, a replacement
  // number (day + 60), and inside other text.
  const FORMS = ['240386-1357', '2403861357', '240386%2D1357', '840386-1357', 'ref 240386-1357 x'];
  const TRACES = ['240386', '2403861357', '840386', '8403861357', '010180'];
  // A trace counts where it stands as a number of its own, not inside a longer run of digits or
  // a hex hash: a log line's epoch-millisecond time or an event's hash holds "840386" now and
  // then by chance (one CI run in many). Every form above is sent with a non-alphanumeric
  // character, a URL escape or the string's edge on either side, so escapes read as a space.
  const mentions = (text: string, trace: string): boolean => new RegExp(`(?<![0-9A-Za-z])${trace}(?![0-9A-Za-z])`).test(text.replace(/%[0-9A-Fa-f]{2}/g, ' '));
  const logLines: string[] = [];
  const answers: RawResponse[] = [];
  let t: TestApp;
  let tokens: Record<WriteEndpoint['role'], string>;
  let f: WriteFixture;
  let imports: WriteFixture;
  const refusals: Array<{ door: string; status: number; field: unknown }> = [];

  const send = async (
    door: string,
    role: WriteEndpoint['role'],
    method: string,
    path: string,
    body?: string,
    headers: Record<string, string> = {},
  ): Promise<RawResponse> => {
    const response = await rawRequest(t.baseUrl, {
      method,
      path,
      headers: { authorization: `Bearer ${tokens[role]}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body,
    });
    answers.push(response);
    refusals.push({ door, status: response.status, field: response.body?.field ?? response.body?.rejected?.[0]?.field });
    return response;
  };

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'trace' }, { logDestination: { write: (line: string) => logLines.push(line) } });
    tokens = await createTokens(t.app, WRITE_PRINCIPALS);
    const as = (role: WriteEndpoint['role']) => new ApiClient(t.baseUrl, tokens[role]);
    f = await setUpWriteFixture(as, { contractId: 'door-http', inactiveContractId: 'door-inactive', newContractId: 'door-new' });
    imports = await setUpWriteFixture(as, { contractId: 'door-import', inactiveContractId: 'door-import-inactive', newContractId: 'door-import-new' });
  });
  afterAll(() => t.close());

  it('refuses it in every free-text field and id of every write endpoint, naming the field', async () => {
    for (const e of writeEndpoints(f)) {
      const doors = Object.entries(e.fields)
        .filter(([, field]) => field.kind === 'text' || field.kind === 'id')
        .map(([name]) => name);
      for (const name of doors) {
        for (const form of FORMS) {
          const response = await send(`${e.name} ${name}`, e.role, 'POST', e.path(e.params), JSON.stringify({ ...e.body(), [name]: form }));
          const named = [response.body?.field, ...(response.body?.details ?? []).map((d: any) => d.path)];
          expect({ door: `${e.name} ${name} ${form}`, status: response.status, named: named.includes(name) }).toEqual({
            door: `${e.name} ${name} ${form}`,
            status: 400,
            named: true,
          });
        }
      }
    }
  });

  it('refuses it inside a contract definition: contractId, title, parties, outcome codes, at registration and amendment', async () => {
    const register = writeEndpoints(f).find((e) => e.name === 'POST /contracts')!;
    const amend = writeEndpoints(f).find((e) => e.name.endsWith('/amendments'))!;
    const changes: Array<[string, (d: any, cpr: string) => void]> = [
      ['title', (d, cpr) => (d.title = `IMPACT60 ${cpr}`)],
      ['parties.provider', (d, cpr) => (d.parties.provider = cpr.replace(/[^0-9%a-z-]/gi, ''))],
      ['outcomes[0].code', (d, cpr) => (d.outcomes[0].code = `JOB_${cpr.replace(/%2D/g, '').replace(/\D/g, '')}`)],
      ['termination.fallbackRate', (d, cpr) => (d.termination.fallbackRate = cpr)],
    ];
    for (const form of FORMS) {
      for (const [path, change] of changes) {
        const definition: any = register.body();
        change(definition, form);
        const registered = await send(`definition ${path}`, 'commissioner', 'POST', '/contracts', JSON.stringify(definition));
        expect({ path, form, status: registered.status }).toEqual({ path, form, status: 400 });
        const amended: any = amend.body();
        change(amended.definition, form);
        const response = await send(`amendment definition.${path}`, 'commissioner', 'POST', amend.path(amend.params), JSON.stringify(amended));
        expect({ path, form, status: response.status }).toEqual({ path, form, status: 400 });
      }
      const id = await send(
        'definition contractId',
        'commissioner',
        'POST',
        '/contracts',
        JSON.stringify({ ...register.body(), contractId: form.replace(/[^0-9%a-z-]/gi, '') }),
      );
      expect({ form, status: id.status }).toEqual({ form, status: 400 });
    }
  });

  it('refuses it in every path parameter, the dash URL-encoded or not, naming the parameter', async () => {
    const reads: WriteEndpoint[] = [
      {
        name: 'GET timeline',
        role: 'commissioner',
        params: { contractId: f.contractId, participantId: f.enrolled },
        path: (p) => `/contracts/${p.contractId}/participants/${p.participantId}/timeline`,
        body: () => ({}),
        fields: {},
      },
      {
        name: 'GET occurrence',
        role: 'commissioner',
        params: { contractId: f.contractId, paymentId: f.paymentId },
        path: (p) => `/contracts/${p.contractId}/occurrences/${p.paymentId}`,
        body: () => ({}),
        fields: {},
      },
      {
        name: 'GET feed',
        role: 'payment-service',
        params: { contractId: f.contractId },
        path: (p) => `/contracts/${p.contractId}/feed`,
        body: () => ({}),
        fields: {},
      },
    ];
    for (const e of [...writeEndpoints(f), ...reads]) {
      for (const name of Object.keys(e.params)) {
        for (const form of [...FORMS.slice(0, 4), '240386%2d1357']) {
          const method = e.name.startsWith('GET') ? 'GET' : 'POST';
          const path = e
            .path({ ...e.params, [name]: '@@' })
            .replace(encodeURIComponent('@@'), '@@')
            .replace('@@', form);
          const response = await send(`${e.name} :${name}`, e.role, method, path, method === 'POST' ? JSON.stringify(e.body()) : undefined);
          expect({ door: `${e.name} :${name} ${form}`, status: response.status, field: response.body?.field }).toEqual({
            door: `${e.name} :${name} ${form}`,
            status: 400,
            field: name,
          });
        }
      }
    }
  });

  it('refuses it in query strings, naming the parameter', async () => {
    const C = `/contracts/${f.contractId}`;
    for (const form of FORMS) {
      const q = encodeURIComponent(form);
      for (const [path, field] of [
        [`${C}?asOf=${q}`, 'asOf'],
        [`${C}/occurrences?status=${q}`, 'status'],
        [`/feed/payments?after=${q}`, 'after'],
        [`${C}/participants?${q}=1`, 'query'],
      ] as const) {
        const response = await send(`query ${field}`, path.startsWith('/feed') ? 'payment-service' : 'commissioner', 'GET', path);
        expect({ path, status: response.status, field: response.body?.field }).toEqual({ path, status: 400, field });
      }
    }
  });

  it('refuses it in the Idempotency-Key and X-Correlation-Id headers, naming the header', async () => {
    const e = writeEndpoints(f).find((endpoint) => endpoint.name.endsWith('/benefit-weeks'))!;
    for (const form of [...FORMS.slice(0, 2), FORMS[3], 'retry-2403861357', 'batch:240386-1357']) {
      for (const [header, field] of [
        ['idempotency-key', 'Idempotency-Key'],
        ['x-correlation-id', 'X-Correlation-Id'],
      ] as const) {
        const response = await send(`header ${header}`, e.role, 'POST', e.path(e.params), JSON.stringify(e.body()), { [header]: form });
        expect({ header, form, status: response.status, field: response.body?.field }).toEqual({ header, form, status: 400, field });
      }
    }
  });

  it('refuses it as an unknown field’s name or value, as a form body, in an unknown route and in a URI too long', async () => {
    const e = writeEndpoints(f).find((endpoint) => endpoint.name.endsWith('/withdrawal'))!;
    for (const form of FORMS) {
      expect((await send('unknown field name', e.role, 'POST', e.path(e.params), JSON.stringify({ ...e.body(), [form]: 1 }))).status).toBe(400);
      expect((await send('unknown field value', e.role, 'POST', e.path(e.params), JSON.stringify({ ...e.body(), note: form }))).status).toBe(400);
      expect(
        (
          await send('form body', 'commissioner', 'POST', `/contracts/${f.contractId}/referrals`, `cpr=${form}&referredOn=2019-01-02&intakeOutcome=accepted`, {
            'content-type': 'application/x-www-form-urlencoded',
          })
        ).status,
      ).toBe(415);
      expect((await send('unknown route', 'commissioner', 'GET', `/citizens/${form.replace(/ /g, '%20')}`)).status).toBe(404);
      expect((await send('URI too long', 'commissioner', 'GET', `/contracts/${form.replace(/ /g, '%20')}${'x'.repeat(MAX_PAYMENT_ID_LENGTH)}`)).status).toBe(
        414,
      );
    }
  });

  it('refuses it in every field of an import line, by line number, and applies the line the referral’s cpr is in', async () => {
    const templates = importLineData(imports);
    for (const template of templates) {
      const lines: string[] = [];
      const doors: string[] = [];
      const dataDoors = Object.entries(template.fields)
        .filter(([, field]) => field.kind === 'text' || field.kind === 'id')
        .map(([name]) => name);
      for (const form of FORMS) {
        lines.push(
          JSON.stringify({ commandId: `door-${lines.length}:${form.replace(/%2D/g, '-').replace(/ /g, ':')}`, type: template.type, data: template.data }),
        );
        doors.push('commandId');
        lines.push(JSON.stringify({ commandId: `door:${template.type}:${lines.length}`, type: form, data: template.data }));
        doors.push('type');
        lines.push(JSON.stringify({ commandId: `door:${template.type}:${lines.length}`, type: template.type, data: { ...template.data, [form]: 'x' } }));
        doors.push('data');
        for (const name of dataDoors) {
          lines.push(JSON.stringify({ commandId: `door:${template.type}:${lines.length}`, type: template.type, data: { ...template.data, [name]: form } }));
          doors.push(`data.${name}`);
        }
      }
      const before = (await t.app.get(Database).pool.query('SELECT count(*)::int AS n FROM es_events')).rows[0].n;
      const response = await send(`import ${template.type}`, template.role, 'POST', '/contracts/door-import/imports', `${lines.join('\n')}\n`, {
        'content-type': 'application/x-ndjson',
      });
      expect(response.status).toBe(200);
      expect({ type: template.type, lines: response.body.lines, accepted: response.body.accepted }).toEqual({
        type: template.type,
        lines: lines.length,
        accepted: 0,
      });
      const fields = response.body.rejected.map((r: any) => r.field);
      expect(response.body.rejected.map((r: any) => r.line)).toEqual(lines.map((_, i) => i + 1));
      doors.forEach((door, i) => expect({ type: template.type, line: i + 1, field: fields[i] }).toEqual({ type: template.type, line: i + 1, field: door }));
      expect((await t.app.get(Database).pool.query('SELECT count(*)::int AS n FROM es_events')).rows[0].n).toBe(before);
    }
    // The one door a CPR number may pass: a referral's cpr, which becomes a pseudonym.
    const referral = await send(
      'import referral',
      'commissioner',
      'POST',
      '/contracts/door-import/imports',
      `${JSON.stringify({ commandId: 'door:referral:ok', type: 'ReferParticipant', data: { cpr: FORMS[0], referredOn: '2019-01-02', intakeOutcome: 'accepted' } })}\n`,
      { 'content-type': 'application/x-ndjson' },
    );
    expect(referral.body).toMatchObject({ accepted: 1, referrals: [{ participantId: expect.stringMatching(/^p_[0-9a-f]{32}$/) }] });
    const single = await send(
      'referral',
      'commissioner',
      'POST',
      `/contracts/${f.contractId}/referrals`,
      JSON.stringify({ cpr: FORMS[1], referredOn: '2019-01-02', intakeOutcome: 'accepted' }),
    );
    expect(single.status).toBe(201);
  });

  it('finds it in no event, no log line and no answer', async () => {
    expect(refusals.length).toBeGreaterThan(300);
    const { rows } = await t.app.get(Database).pool.query<{ row: string }>('SELECT row_to_json(e)::text AS row FROM es_events e');
    expect(rows.length).toBeGreaterThan(10);
    const places = {
      events: rows.map((r) => r.row).join('\n'),
      logs: logLines.join(''),
      answers: answers.map((a) => `${JSON.stringify(a.headers)}\n${a.text}`).join('\n'),
    };
    // Every request was logged, so the search below had something to search.
    expect(logLines.filter((line) => line.includes('"req":')).length).toBeGreaterThanOrEqual(answers.length);
    for (const [place, text] of Object.entries(places)) {
      const found = TRACES.filter((trace) => mentions(text, trace));
      expect({ place, found, cprShaped: containsCprShaped(text) }).toEqual({ place, found: [], cprShaped: false });
    }
  });
});
