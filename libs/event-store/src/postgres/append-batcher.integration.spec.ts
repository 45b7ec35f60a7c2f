import { createEventStoreFixture, type EventStoreFixture, newEvent, recordingPool } from '#test-support/event-store.fixture.js';
import { AppendBatcher } from './append-batcher.js';
import type { ConditionalAppend } from './postgres-event-store.js';

/** The stream versions an append wrote, or why it wrote nothing. */
function versions(result: ConditionalAppend): number[] | string {
  if (!('written' in result)) return result.conflict;
  const { nextExpectedVersion, globalPositions } = result.written.result;
  return globalPositions.map((_, i) => nextExpectedVersion - globalPositions.length + 1 + i);
}

describe('conditional appends to several streams in one statement', () => {
  let fx: EventStoreFixture;
  beforeEach(async () => {
    fx = await createEventStoreFixture();
    for (const stream of ['a', 'b', 'c'])
      await fx.store.appendToStream({ streamId: stream, streamType: 't', expectedVersion: 'no_stream', events: [newEvent()] });
  });
  afterEach(() => fx.close());

  it('writes each stream that is at its expected version, in the order asked, and leaves out the others', async () => {
    const results = await fx.store.appendManyIfAt(fx.pool, [
      { streamId: 'b', expectedVersion: 1, events: [newEvent('B1'), newEvent('B2')] },
      { streamId: 'a', expectedVersion: 7, events: [newEvent('A1')] }, // a is at 1
      { streamId: 'c', expectedVersion: 1, events: [newEvent('C1')] },
    ]);
    expect(results.map(versions)).toEqual([[2, 3], 'version', [2]]);
    const [b, c] = [results[0], results[2]].map((r) => ('written' in r ? r.written : undefined)!);
    expect(b.stored.transactionId).toBe(c.stored.transactionId);
    expect(c.result.globalPositions[0]).toBeGreaterThan(b.result.globalPositions[1]);
    expect((await fx.store.readStream('b')).map((e) => e.type)).toEqual(['Something', 'B1', 'B2']);
    expect(await fx.store.streamVersion('a')).toBe(1);
  });

  it('groups the appends asked for while a statement runs into the next one', async () => {
    const { pool: counted, statements } = recordingPool(fx.pool);
    const batcher = new AppendBatcher(counted, fx.store);
    const results = await Promise.all([
      batcher.appendIfAt('a', 't', 1, [newEvent()]),
      batcher.appendIfAt('b', 't', 1, [newEvent()]),
      batcher.appendIfAt('c', 't', 1, [newEvent()]),
      batcher.appendIfAt('b', 't', 1, [newEvent()]), // b again: not in b's statement but the next, where b is at 2
    ]);
    expect(results.map(versions)).toEqual([[2], [2], [2], 'version']);
    expect(statements).toEqual(['es_append_next', 'es_append_many', 'es_append_next']);
  });

  it('when an event id is taken, says so for that append alone and writes the others', async () => {
    const batcher = new AppendBatcher(fx.pool, fx.store);
    const taken = (await fx.store.readStream('c'))[0].eventId;
    const results = await Promise.all([
      batcher.appendIfAt('a', 't', 1, [newEvent()]),
      batcher.appendIfAt('b', 't', 1, [newEvent()]),
      batcher.appendIfAt('c', 't', 1, [{ ...newEvent(), eventId: taken }]),
    ]);
    expect(results.map(versions)).toEqual([[2], [2], 'event-id']);
    expect(await fx.store.streamVersion('c')).toBe(1);
  });
});
