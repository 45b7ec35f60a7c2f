import { DatabaseOutage } from '#test-support/database-outage.js';
import { startTestApp, type TestApp } from '#test-support/test-app.js';

/**
 * /health is public: when the database stops answering it says so with a 503, and why goes to
 * the log only. The database really refuses connections here (ALLOW_CONNECTIONS false, and every
 * open session of the app's ended), so the driver's own message is what could have leaked.
 */
describe('GET /health when the database refuses connections', () => {
  const logLines: string[] = [];
  let t: TestApp;
  let outage: DatabaseOutage;
  let database: string;

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'info' }, { logDestination: { write: (line: string) => logLines.push(line) } });
    outage = await DatabaseOutage.of(t.db.url);
    database = outage.databaseName;
  });
  afterAll(async () => {
    await outage.close();
    await t.close();
  });

  it('answers 503 without the driver’s message, logs the cause, and recovers when the database does', async () => {
    expect((await fetch(`${t.baseUrl}/health`)).status).toBe(200);

    await outage.begin();

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

    await outage.end();
    expect((await fetch(`${t.baseUrl}/health`)).status).toBe(200);
  });
});
