import { ServiceMetrics } from '#platform';
import { ApiClient } from '#test-support/api-client.js';
import { impact60 } from '#test-support/impact60.js';
import { parseExposition, type Sample, valueOf } from '#test-support/prometheus-text.js';
import { startTestApp, type TestApp } from '#test-support/test-app.js';
import { createTokens } from '#test-support/tokens.js';

const C = 'metrics-c';
const NDJSON = { 'content-type': 'application/x-ndjson' };

/**
 * GET /metrics on the metrics port (METRICS_PORT) after real traffic on the API's port: each
 * counter and the latency histogram move by what was sent, with the route's pattern as its label.
 */
describe('GET /metrics', () => {
  let t: TestApp;
  let metricsUrl: string;
  let commissioner: ApiClient;
  let token: string;

  const scrape = async (): Promise<{ status: number; contentType: string | null; samples: Sample[]; text: string }> => {
    const response = await fetch(metricsUrl);
    const text = await response.text();
    return { status: response.status, contentType: response.headers.get('content-type'), samples: response.ok ? parseExposition(text) : [], text };
  };
  /** A request's timing is observed once its answer has gone out (onResponse): scrape until it shows. */
  const scrapeUntil = async (shown: (samples: Sample[]) => boolean): Promise<Sample[]> => {
    let { samples } = await scrape();
    for (let tries = 0; tries < 100 && !shown(samples); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      ({ samples } = await scrape());
    }
    return samples;
  };

  beforeAll(async () => {
    t = await startTestApp({ METRICS_PORT: '0' });
    metricsUrl = `http://127.0.0.1:${t.app.get(ServiceMetrics).server.address!.port}/metrics`;
    ({ commissioner: token } = await createTokens(t.app, { commissioner: { role: 'commissioner', contracts: '*' } }));
    commissioner = new ApiClient(t.baseUrl, token);
  });
  afterAll(() => t.close());

  it('counts commands recorded, retried and refused, import lines, and times each request under its route pattern', async () => {
    const before = (await scrape()).samples;
    const delta = (after: Sample[], name: string, labels: Record<string, string>): number => valueOf(after, name, labels) - valueOf(before, name, labels);

    const key = { 'idempotency-key': 'metrics-register-1' };
    expect((await commissioner.post('/contracts', impact60(C), key)).status).toBe(201);
    expect((await commissioner.post('/contracts', impact60(C), key)).status).toBe(201); // the same request again: a retry
    const refused = await commissioner.post('/contracts', { ...impact60(C), title: 'Another contract under the same id' });
    expect(refused.status).toBe(409);
    expect((await commissioner.post(`/contracts/${C}/activation`, { activatedOn: '2018-09-01' })).status).toBe(201);
    const referral = { commandId: 'metrics:0001', type: 'ReferParticipant', data: { cpr: '010180-1111', referredOn: '2019-01-02', intakeOutcome: 'accepted' } };
    // A benefit week of a participant never referred: refused by the contract's rules.
    const strangersWeek = {
      commandId: 'metrics:0003',
      type: 'RecordBenefitWeek',
      data: { participantId: `p_${'0'.repeat(32)}`, week: '2019-W05', benefitPaid: true, source: 'DREAM' },
    };
    const imported = await commissioner.post(`/contracts/${C}/imports`, [JSON.stringify(referral), '{oops', JSON.stringify(strangersWeek)].join('\n'), NDJSON);
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ lines: 3, accepted: 1, rejected: [{ line: 2 }, { line: 3 }] });
    const importRefusal = (imported.body as { rejected: Array<{ error: string }> }).rejected[1].error;
    expect((await commissioner.get(`/contracts/${C}`)).status).toBe(200);

    const route = { method: 'GET', route: '/contracts/:contractId', status: '200' };
    const after = await scrapeUntil((samples) => delta(samples, 'http_request_duration_seconds_count', route) > 0);

    expect(delta(after, 'outcomes_commands_total', { type: 'RegisterContract', outcome: 'recorded', error: '' })).toBe(1);
    expect(delta(after, 'outcomes_commands_total', { type: 'RegisterContract', outcome: 'retried', error: '' })).toBe(1);
    expect(delta(after, 'outcomes_commands_total', { type: 'RegisterContract', outcome: 'refused', error: (refused.body as { error: string }).error })).toBe(1);
    expect(delta(after, 'outcomes_commands_total', { type: 'ActivateContract', outcome: 'recorded', error: '' })).toBe(1);
    // The import's lines are commands too: the one decided and the one refused (the broken line never became one).
    expect(delta(after, 'outcomes_commands_total', { type: 'ReferParticipant', outcome: 'recorded', error: '' })).toBe(1);
    expect(delta(after, 'outcomes_commands_total', { type: 'RecordBenefitWeek', outcome: 'refused', error: importRefusal })).toBe(1);
    expect(delta(after, 'outcomes_import_lines_total', { outcome: 'accepted' })).toBe(1);
    expect(delta(after, 'outcomes_import_lines_total', { outcome: 'rejected' })).toBe(2);

    // One read: one observation, in the +Inf bucket and in every bucket from its duration's up.
    expect(delta(after, 'http_request_duration_seconds_count', route)).toBe(1);
    expect(delta(after, 'http_request_duration_seconds_bucket', { ...route, le: '+Inf' })).toBe(1);
    const buckets = after
      .filter(
        (s) => s.name === 'http_request_duration_seconds_bucket' && s.labels.route === route.route && s.labels.status === '200' && s.labels.method === 'GET',
      )
      .map((s) => ({ le: Number(s.labels.le), moved: delta(after, s.name, s.labels) }))
      .sort((a, b) => a.le - b.le);
    const first = buckets.findIndex((b) => b.moved === 1);
    expect(first).toBeGreaterThanOrEqual(0);
    expect(buckets.map((b) => b.moved)).toEqual(buckets.map((_, i) => (i < first ? 0 : 1)));
    expect(delta(after, 'http_request_duration_seconds_count', { method: 'POST', route: '/contracts', status: '201' })).toBe(2);
    expect(delta(after, 'http_request_duration_seconds_count', { method: 'POST', route: '/contracts', status: '409' })).toBe(1);
    expect(delta(after, 'http_request_duration_seconds_count', { method: 'POST', route: '/contracts/:contractId/imports', status: '200' })).toBe(1);
    // Never a path: no label value carries the contract's id.
    const routes = new Set(after.filter((s) => s.name === 'http_request_duration_seconds_count').map((s) => s.labels.route));
    expect([...routes].filter((r) => r.includes(C))).toEqual([]);
  });

  it('labels a path that matches no route as unmatched, whatever the path', async () => {
    const unmatched = { method: 'GET', route: 'unmatched', status: '404' };
    const before = valueOf((await scrape()).samples, 'http_request_duration_seconds_count', unmatched);
    expect((await fetch(`${t.baseUrl}/no/such/path-1`)).status).toBe(404);
    expect((await fetch(`${t.baseUrl}/no/such/path-2`)).status).toBe(404);
    const after = await scrapeUntil((samples) => valueOf(samples, 'http_request_duration_seconds_count', unmatched) >= before + 2);
    expect(valueOf(after, 'http_request_duration_seconds_count', unmatched)).toBe(before + 2);
  });

  it('reports the pool, each subscription’s lag, the ledger sequencer’s, and the event loop’s delay', async () => {
    const { status, contentType, samples, text } = await scrape();
    expect(status).toBe(200);
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(valueOf(samples, 'outcomes_db_pool_max_connections')).toBe(10);
    expect(valueOf(samples, 'outcomes_db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
    for (const state of ['idle', 'waiting']) expect(samples.some((s) => s.name === 'outcomes_db_pool_connections' && s.labels.state === state)).toBe(true);
    const lags = samples.filter((s) => s.name === 'outcomes_subscription_lag_events');
    expect(lags.map((s) => s.labels.subscription)).toContain('ledger.sequencer');
    for (const lag of lags) expect(lag.value).toBeGreaterThanOrEqual(0);
    expect(samples.some((s) => s.name === 'outcomes_ledger_sequencer_lag_events')).toBe(true);
    expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds \d/m);
  });

  it('is not on the API’s port, with or without a token; the metrics port serves nothing else', async () => {
    expect((await fetch(`${t.baseUrl}/metrics`)).status).toBe(404);
    expect((await commissioner.get('/metrics')).status).toBe(404);
    const other = await fetch(metricsUrl.replace('/metrics', '/health'));
    expect(other.status).toBe(404);
    expect(await other.text()).not.toMatch(/outcomes_/);
  });
});

describe('metrics without METRICS_PORT', () => {
  it('opens no metrics port', async () => {
    const t = await startTestApp();
    try {
      expect(t.app.get(ServiceMetrics).server.address).toBeUndefined();
      expect((await fetch(`${t.baseUrl}/metrics`)).status).toBe(404);
    } finally {
      await t.close();
    }
  });
});
