import { NestFactory } from '@nestjs/core';
import { loadConfig } from '#config';
import { ensureServiceRole } from '#database';
import { ServiceMetrics, ServiceModule } from '#platform';
import { parseExposition } from '#test-support/prometheus-text.js';
import { TEST_LEDGER_SIGNING_KEY } from '#test-support/test-app.js';
import { createTestDatabase } from '#test-support/test-database.js';

/** The worker's process (ServiceModule without HTTP, as apps/worker starts it) serves the metrics of the subscriptions it runs. */
describe('the worker’s metrics', () => {
  it('serves the subscriptions’ lag, the ledger sequencer’s and the pool on its metrics port, and closes it on shutdown', async () => {
    const db = await createTestDatabase();
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      RUN_PROJECTIONS: 'true',
      METRICS_PORT: '0',
      PSEUDONYM_KEY: 'ab'.repeat(32),
      LEDGER_SIGNING_KEY: TEST_LEDGER_SIGNING_KEY,
      DATABASE_URL: await ensureServiceRole(db.url, 'ov_test_service', 'ov_test_service'),
      MIGRATION_DATABASE_URL: db.url,
    });
    const worker = await NestFactory.createApplicationContext(ServiceModule.forRoot(config), { logger: false });
    try {
      await worker.init();
      const url = `http://127.0.0.1:${worker.get(ServiceMetrics).server.address!.port}/metrics`;
      const samples = parseExposition(await (await fetch(url)).text());
      expect(samples.filter((s) => s.name === 'outcomes_subscription_lag_events').map((s) => s.labels.subscription)).toContain('ledger.sequencer');
      expect(samples.find((s) => s.name === 'outcomes_ledger_sequencer_lag_events')?.value).toBe(0);
      expect(samples.some((s) => s.name === 'outcomes_db_pool_connections')).toBe(true);
      expect(samples.some((s) => s.name === 'http_request_duration_seconds_count')).toBe(false);
    } finally {
      const server = worker.get(ServiceMetrics).server;
      await worker.close();
      expect(server.address).toBeUndefined();
      await db.drop();
    }
  });
});
