import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { ExecuteContractCommand } from '#contracts';
import { SubscriptionsHost } from '#event-store';
import { DatabaseOutage } from '#test-support/database-outage.js';
import { impact60 } from '#test-support/impact60.js';
import { startTestApp, type TestApp } from '#test-support/test-app.js';

const get = async (url: string): Promise<{ status: number; body: any }> => {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
};

/** The probes an orchestrator asks: live (the process answers) and ready (it can serve: database, schema, projections not far behind). */
describe('GET /health/live and /health/ready', () => {
  let t: TestApp;
  let owner: pg.Client;
  beforeAll(async () => {
    t = await startTestApp({ READY_MAX_SUBSCRIPTION_LAG: '3' });
    owner = new pg.Client({ connectionString: t.db.url });
    await owner.connect();
  });
  afterAll(async () => {
    await owner.end();
    await t.close();
  });

  it('answers live and ready on a running service; /health stays as it was', async () => {
    expect(await get(`${t.baseUrl}/health/live`)).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await get(`${t.baseUrl}/health/ready`)).toEqual({
      status: 200,
      body: {
        status: 'ready',
        database: { status: 'up' },
        migrations: { status: 'done', pending: 0 },
        subscriptions: { status: 'ok', mostBehind: 0, limit: 3 },
      },
    });
    expect(await get(`${t.baseUrl}/health`)).toMatchObject({
      status: 200,
      body: { status: 'ok', database: { status: 'up' }, subscriptions: expect.any(Array) },
    });
  });

  it('is not ready while a migration this process knows is not recorded', async () => {
    const { rows } = await owner.query<{ id: string; applied_at: Date }>('SELECT * FROM schema_migrations ORDER BY id DESC LIMIT 1');
    await owner.query('DELETE FROM schema_migrations WHERE id = $1', [rows[0].id]);
    try {
      expect(await get(`${t.baseUrl}/health/ready`)).toMatchObject({
        status: 503,
        body: { status: 'not-ready', migrations: { status: 'pending', pending: 1 } },
      });
      expect((await fetch(`${t.baseUrl}/health/live`)).status).toBe(200);
    } finally {
      await owner.query('INSERT INTO schema_migrations SELECT * FROM json_populate_record(NULL::schema_migrations, $1)', [JSON.stringify(rows[0])]);
    }
    expect((await fetch(`${t.baseUrl}/health/ready`)).status).toBe(200);
  });

  it('is not ready while a subscription is more events behind the log than READY_MAX_SUBSCRIPTION_LAG, and is again once it catches up', async () => {
    const subscriptions = t.app.get(SubscriptionsHost);
    await Promise.all(subscriptions.subscriptions.map((s) => s.stop()));
    const metadata = { actor: 'commissioner:aalborg-kommune', correlationId: randomUUID() };
    // Registering and activating records more than 3 events (the contract, its activation, and what they verify).
    for (const id of ['ready-a', 'ready-b']) {
      await t.app.get(CommandBus).execute(new ExecuteContractCommand(id, { type: 'RegisterContract', data: { definition: impact60(id) } }, metadata));
      await t.app.get(CommandBus).execute(new ExecuteContractCommand(id, { type: 'ActivateContract', data: { activatedOn: '2018-09-01' } }, metadata));
    }
    const lagging = await get(`${t.baseUrl}/health/ready`);
    expect(lagging).toMatchObject({ status: 503, body: { status: 'not-ready', subscriptions: { status: 'lagging', limit: 3 } } });
    expect(lagging.body.subscriptions.mostBehind).toBeGreaterThan(3);
    expect((await fetch(`${t.baseUrl}/health/live`)).status).toBe(200);

    await subscriptions.catchUpAll();
    expect(await get(`${t.baseUrl}/health/ready`)).toMatchObject({ status: 200, body: { status: 'ready', subscriptions: { status: 'ok', mostBehind: 0 } } });
  });
});

/** The database really refuses connections here (DatabaseOutage). */
describe('GET /health/ready when the database refuses connections', () => {
  let t: TestApp;
  let outage: DatabaseOutage;
  beforeAll(async () => {
    t = await startTestApp();
    outage = await DatabaseOutage.of(t.db.url);
  });
  afterAll(async () => {
    await outage.close();
    await t.close();
  });

  it('answers 503 without the driver’s message while live stays 200, and is ready again when the database is', async () => {
    expect((await fetch(`${t.baseUrl}/health/ready`)).status).toBe(200);
    await outage.begin();
    // The first check may still try the connection that was just ended; the second opens a new one, which is refused.
    for (let check = 0; check < 2; check++) {
      const response = await fetch(`${t.baseUrl}/health/ready`);
      expect(response.status).toBe(503);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({ status: 'not-ready', database: { status: 'down' } });
      expect(text).not.toMatch(new RegExp(`${outage.databaseName}|terminat|connection`));
      expect((await fetch(`${t.baseUrl}/health/live`)).status).toBe(200);
    }
    await outage.end();
    expect((await fetch(`${t.baseUrl}/health/ready`)).status).toBe(200);
  });
});
