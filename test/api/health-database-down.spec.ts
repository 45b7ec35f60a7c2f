import pg from 'pg';
import { startTestApp, type TestApp } from '#test-support/test-app.js';

/**
 * /health is public: when the database stops answering it says so with a 503, and why goes to
 * the log only. The database really refuses connections here (ALLOW_CONNECTIONS false, and every
 * open session of the app's ended), so the driver's own message is what could have leaked.
 */
describe('GET /health when the database refuses connections', () => {
  const logLines: string[] = [];
  let t: TestApp;
  let server: pg.Client;
  let database: string;

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'info' }, { logDestination: { write: (line: string) => logLines.push(line) } });
    database = new URL(t.db.url).pathname.slice(1);
    server = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL }); // the server's own database: one cannot close one's own
    await server.connect();
  });
  afterAll(async () => {
    await server.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);
    await server.end();
    await t.close();
  });

  it('answers 503 without the driver’s message, logs the cause, and recovers when the database does', async () => {
    expect((await fetch(`${t.baseUrl}/health`)).status).toBe(200);

    await server.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
    await server.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database]);
    while ((await server.query('SELECT 1 FROM pg_stat_activity WHERE datname = $1', [database])).rowCount !== 0) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }

    // The first check may still try the connection that was just ended; the second opens a new one, which is refused.
    for (let check = 0; check < 2; check++) {
      const down = await fetch(`${t.baseUrl}/health`);
      expect(down.status).toBe(503);
      const text = await down.text();
      expect(JSON.parse(text)).toEqual({ status: 'unavailable', database: { status: 'down' } });
      expect(text).not.toMatch(new RegExp(`${database}|terminat|connection`));
    }
    const logged = logLines
      .map((line) => JSON.parse(line) as { msg?: string; err?: { message?: string } })
      .filter((line) => line.msg === 'health check: the database did not answer')
      .map((line) => line.err?.message);
    expect(logged).toHaveLength(2);
    expect(logged.some((message) => message?.includes(database))).toBe(true);

    await server.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);
    expect((await fetch(`${t.baseUrl}/health`)).status).toBe(200);
  });
});
