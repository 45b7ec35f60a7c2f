import { CONCURRENT_FOLDS } from '#contracts';
import { PostgresEventStore } from '#event-store';
import { ApiClient } from '#test-support/api-client.js';
import { recordLargeContract } from '#test-support/large-contract.js';
import { startTestApp, type TestApp } from '#test-support/test-app.js';
import { createTokens } from '#test-support/tokens.js';

/**
 * Reads that fold a large contract (as recorded at an instant, or a participant's timeline) are
 * CPU work on the service's one event loop. /health must still answer while several run: it is
 * asked once the first page of events has come back to the readers, and must answer before any
 * of them (the order of answers, not their speed, is what is asserted). The folds take turns,
 * CONCURRENT_FOLDS at a time.
 */
describe('GET /health while large contracts are folded', () => {
  let t: TestApp;
  let auditor: ApiClient;
  let participants: string[];
  beforeAll(async () => {
    t = await startTestApp();
    participants = await recordLargeContract(t.app, 'big-contract', { participants: 100, facts: 20_000 });
    const tokens = await createTokens(t.app, { auditor: { name: 'rigsrevisionen', role: 'auditor', contracts: '*' } });
    auditor = new ApiClient(t.baseUrl, tokens.auditor);
  });
  afterAll(() => t.close());

  it('answers before eight heavy reads do', async () => {
    // Watches the store's reads (they still go to the database) for the first events to come back.
    const store = t.app.get(PostgresEventStore);
    const readStream = store.readStream.bind(store);
    let eventsArrived!: () => void;
    const firstEvents = new Promise<void>((resolve) => (eventsArrived = resolve));
    let reading = 0;
    let mostAtOnce = 0;
    store.readStream = async (...args) => {
      mostAtOnce = Math.max(mostAtOnce, ++reading);
      try {
        const events = await readStream(...args);
        if (events.length > 0) eventsArrived();
        return events;
      } finally {
        reading--;
      }
    };

    // As a monitor polls it: the connection to the service and the probe's to the database are open.
    expect((await fetch(`${t.baseUrl}/health`)).status).toBe(200);
    const answered: string[] = [];
    const asOf = new Date().toISOString();
    const heavy = [
      ...Array.from({ length: 4 }, () => `/contracts/big-contract?asOf=${asOf}`),
      ...participants.slice(0, 4).map((p) => `/contracts/big-contract/participants/${p}/timeline`),
    ].map(async (path, i) => {
      const response = await auditor.get(path);
      answered.push(`read ${i}`);
      return response.status;
    });
    await firstEvents;
    const health = fetch(`${t.baseUrl}/health`).then(async (response) => {
      answered.push('health');
      return { status: response.status, body: await response.json() };
    });

    expect(await Promise.all(heavy)).toEqual(Array(8).fill(200));
    expect(await health).toMatchObject({ status: 200, body: { status: 'ok', database: { status: 'up' } } });
    expect(answered[0]).toBe('health');
    // The reads took turns: no more folds at once than the service allows (each reads one page at a time).
    expect(mostAtOnce).toBeLessThanOrEqual(CONCURRENT_FOLDS);
    expect(mostAtOnce).toBeGreaterThan(0);
  });

  it('folds a large contract to the same state page by page as the command side holds', async () => {
    const now = await auditor.get('/contracts/big-contract');
    const asOfNow = await auditor.get(`/contracts/big-contract?asOf=${new Date().toISOString()}`);
    expect(asOfNow.status).toBe(200);
    const { asOf: _a, ...folded } = asOfNow.body;
    const { asOf: _b, ...cached } = now.body;
    expect(folded).toEqual(cached);
    expect(folded.version).toBeGreaterThan(20_000);
  });
});
