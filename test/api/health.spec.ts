import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { CommandBus } from '@nestjs/cqrs';
import { ExecuteContractCommand } from '#contracts';
import { Database } from '#database';
import { impact60 } from '#test-support/impact60.js';
import { startTestApp, type TestApp } from '#test-support/test-app.js';

interface Health {
  status: string;
  subscriptions: Array<{ name: string; running: boolean; behind: number; failing: boolean }>;
}

describe('GET /health', () => {
  const logLines: string[] = [];
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'info' }, { logDestination: { write: (line: string) => logLines.push(line) } });
  });
  afterAll(() => t.close());

  const health = async (): Promise<Health> => (await fetch(`${t.baseUrl}/health`)).json() as Promise<Health>;
  /** /health once it shows `wanted` (the subscriptions poll on their own), or as it is after ~20 s. */
  const healthOnce = async (wanted: (body: Health) => boolean): Promise<Health> => {
    let body = await health();
    for (let tries = 0; tries < 1000 && !wanted(body); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      body = await health();
    }
    return body;
  };

  it('reports the database up, and echoes the caller’s correlation id', async () => {
    const response = await fetch(`${t.baseUrl}/health`, { headers: { 'x-correlation-id': 'audit-2026-11' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-correlation-id')).toBe('audit-2026-11');
    const body = (await response.json()) as Health;
    expect(body).toMatchObject({ status: 'ok', database: { status: 'up' } });
    expect(body.subscriptions.length).toBeGreaterThan(0);
    for (const subscription of body.subscriptions) {
      expect(subscription).toEqual({ name: expect.any(String), running: true, behind: expect.any(Number), failing: false });
    }
  });

  it('gives a request without a correlation id a new one', async () => {
    const response = await fetch(`${t.baseUrl}/health`);
    expect(response.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('says a projection is failing without saying why (the route is public); why goes to the log', async () => {
    const service = (await t.app.get(Database).pool.query<{ role: string }>('SELECT current_user AS role')).rows[0].role;
    // The database's owner takes from the service's role the right to move the projections' checkpoints.
    const owner = new pg.Client({ connectionString: t.db.url });
    await owner.connect();
    try {
      await owner.query(`REVOKE UPDATE ON es_subscriptions FROM ${service}`);
      const metadata = { actor: 'commissioner:aalborg-kommune', correlationId: randomUUID() };
      await t.app
        .get(CommandBus)
        .execute(new ExecuteContractCommand('health-c', { type: 'RegisterContract', data: { definition: impact60('health-c') } }, metadata));
      let body = await healthOnce((b) => b.subscriptions.every((s) => s.failing));
      expect(body.status).toBe('ok');
      expect(body.subscriptions.every((s) => s.failing && s.running)).toBe(true);
      expect(JSON.stringify(body)).not.toMatch(/permission|es_subscriptions/);
      expect(logLines.some((line) => line.includes('permission denied for table es_subscriptions'))).toBe(true);

      await owner.query(`GRANT UPDATE ON es_subscriptions TO ${service}`);
      body = await healthOnce((b) => b.subscriptions.every((s) => !s.failing && s.behind === 0));
      expect(body.subscriptions.map((s) => [s.name, s.failing, s.behind])).toEqual(body.subscriptions.map((s) => [s.name, false, 0]));
    } finally {
      await owner.query(`GRANT UPDATE ON es_subscriptions TO ${service}`);
      await owner.end();
    }
  });
});
