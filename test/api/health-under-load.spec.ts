import { CONCURRENT_FOLDS, ContractHistory } from '#contracts';
import { contractStreamId } from '#domain';
import { PostgresEventStore } from '#event-store';
import { ApiClient } from '#test-support/api-client.js';
import { recordLargeContract } from '#test-support/large-contract.js';
import { startTestApp, type TestApp } from '#test-support/test-app.js';
import { createTokens } from '#test-support/tokens.js';

/**
 * Reads as recorded at an instant that need the whole state (here a page of participants; the
 * summary is stored per batch and folds nothing) decode a snapshot of a large contract's state and
 * fold the events after it: CPU work on the service's one event loop. /health must still answer while several run:
 * it is asked once the first page of events has come back to the readers, and must answer before
 * the last of them (the order of answers, not their speed, is what is asserted). The folds take
 * turns, CONCURRENT_FOLDS at a time.
 */
describe('GET /health while large contracts are folded', () => {
  let t: TestApp;
  let auditor: ApiClient;
  beforeAll(async () => {
    t = await startTestApp();
    await recordLargeContract(t.app, 'big-contract', { participants: 100, facts: 20_000 });
    const tokens = await createTokens(t.app, { auditor: { name: 'rigsrevisionen', role: 'auditor', contracts: '*' } });
    auditor = new ApiClient(t.baseUrl, tokens.auditor);
  });
  afterAll(() => t.close());

  it('answers before eight heavy reads do', async () => {
    // Watches the states as recorded at an instant being made (a snapshot decoded, the events after it folded).
    const history = t.app.get<ContractHistory, { stateAt(contractId: string, asOf: string): Promise<unknown> }>(ContractHistory);
    const stateAt = history.stateAt.bind(history);
    let making = 0;
    let mostAtOnce = 0;
    history.stateAt = async (...args) => {
      mostAtOnce = Math.max(mostAtOnce, ++making);
      try {
        return await stateAt(...args);
      } finally {
        making--;
      }
    };

    // As a monitor polls it: the connection to the service and the probe's to the database are open.
    expect((await fetch(`${t.baseUrl}/health`)).status).toBe(200);
    // Eight instants of the contract's growth, each a state of its own to decode (the set-up's batches end at snapshots).
    const store = t.app.get(PostgresEventStore);
    const instants = await Promise.all(
      [2500, 4500, 6500, 8500, 10_500, 12_500, 14_500, 16_500].map(async (version) => {
        const [event] = await store.readStream(contractStreamId('big-contract'), { fromVersion: version, toVersion: version });
        return encodeURIComponent(event.recordedAt);
      }),
    );
    const answered: string[] = [];
    const heavy = instants.map(async (asOf, i) => {
      const response = await auditor.get(`/contracts/big-contract/participants?limit=1&asOf=${asOf}`);
      answered.push(`read ${i}`);
      return response.status;
    });
    const health = fetch(`${t.baseUrl}/health`).then(async (response) => {
      answered.push('health');
      return { status: response.status, body: await response.json() };
    });

    expect(await Promise.all(heavy)).toEqual(Array(8).fill(200));
    expect(await health).toMatchObject({ status: 200, body: { status: 'ok', database: { status: 'up' } } });
    // Not last: the reads queued behind the first ones waited their turn, /health did not.
    expect(answered).toHaveLength(9);
    expect(answered.indexOf('health')).toBeLessThan(8);
    // The reads took turns: no more at once than the service allows.
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
