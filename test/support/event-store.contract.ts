import { randomUUID } from 'node:crypto';
import { EventIdConflictError, type EventStore, type NewEvent, type StreamAppend, WrongExpectedVersionError } from '#event-store';

/** A fresh, empty store of the adapter under test, and how to throw it away. */
export interface EventStoreContractFixture {
  store: EventStore;
  /**
   * Starts an append that stays uncommitted until `commit` (a transaction held open, as a slow
   * writer does), to show that reading the log never skips it: an adapter whose appends cannot be
   * held open may simply make the append on commit.
   */
  appendHeldOpen(append: StreamAppend): Promise<{ commit(): Promise<void> }>;
  close(): Promise<void>;
}

/** An adapter of the event store's port, as the contract suite opens it (the list: event-store.adapters.ts). */
export interface EventStoreAdapter {
  name: string;
  open(): Promise<EventStoreContractFixture>;
}

export function newEvent(type = 'Something', data: unknown = {}): NewEvent {
  return { eventId: randomUUID(), type, data };
}

/**
 * What every adapter of the event store's port must do: expected versions, idempotent event ids,
 * atomic multi-stream appends, reads of a stream (also as recorded at an instant, and one
 * participant's events) and of the whole log in commit-safe order with filters before the limit, never skipping a late commit.
 * event-store.contract.integration.spec.ts runs it for every adapter in event-store.adapters.ts.
 */
export function describeEventStoreContract(adapter: EventStoreAdapter): void {
  describe(`the event store port: ${adapter.name}`, () => {
    let fx: EventStoreContractFixture;
    beforeEach(async () => {
      fx = await adapter.open();
    });
    afterEach(() => fx.close());

    it('appends with an expected version and reads the stream back in order with its envelope', async () => {
      const first = await fx.store.appendToStream({
        streamId: 'contract-a',
        streamType: 'contract',
        expectedVersion: 'no_stream',
        events: [
          { ...newEvent('ContractRegistered', { title: 'IMPACT60' }), metadata: { actor: 'commissioner:aalborg', correlationId: 'c1' } },
          newEvent('ContractActivated', { activatedOn: '2018-09-01' }),
        ],
      });
      expect(first.nextExpectedVersion).toBe(2);
      expect(first.duplicate).toBe(false);
      await fx.store.appendToStream({ streamId: 'contract-a', streamType: 'contract', expectedVersion: 2, events: [newEvent('X')] });

      const events = await fx.store.readStream('contract-a');
      expect(events.map((e) => [e.streamVersion, e.type])).toEqual([
        [1, 'ContractRegistered'],
        [2, 'ContractActivated'],
        [3, 'X'],
      ]);
      expect(events[0]).toMatchObject({
        streamId: 'contract-a',
        schemaVersion: 1,
        data: { title: 'IMPACT60' },
        metadata: { actor: 'commissioner:aalborg', correlationId: 'c1' },
      });
      expect(events[0].globalPosition < events[1].globalPosition).toBe(true);
      expect(events[0].recordedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      expect((await fx.store.readStream('contract-a', { fromVersion: 2, toVersion: 2 })).map((e) => e.type)).toEqual(['ContractActivated']);
      expect(await fx.store.streamVersion('contract-a')).toBe(3);
      expect(await fx.store.streamVersion('nobody')).toBe(0);
    });

    it('refuses a wrong expected version with a typed error naming the actual version, and writes nothing', async () => {
      await fx.store.appendToStream({ streamId: 's', streamType: 't', expectedVersion: 'no_stream', events: [newEvent()] });
      const attempt = fx.store.appendToStream({ streamId: 's', streamType: 't', expectedVersion: 0, events: [newEvent()] });
      await expect(attempt).rejects.toBeInstanceOf(WrongExpectedVersionError);
      await expect(attempt).rejects.toMatchObject({ actual: 1, expected: 0 });
      await expect(fx.store.appendToStream({ streamId: 's', streamType: 't', expectedVersion: 5, events: [newEvent()] })).rejects.toMatchObject({ actual: 1 });
      await expect(
        fx.store.appendToStream({ streamId: 'new', streamType: 't', expectedVersion: 'stream_exists', events: [newEvent()] }),
      ).rejects.toBeInstanceOf(WrongExpectedVersionError);
      expect(await fx.store.streamVersion('s')).toBe(1);
      expect(await fx.store.streamVersion('new')).toBe(0);
    });

    it('lets exactly one of many concurrent appenders win each version; the rest get the typed conflict and nothing is lost', async () => {
      await fx.store.appendToStream({ streamId: 'hot', streamType: 't', expectedVersion: 'no_stream', events: [newEvent('Start')] });
      const writers = 8;
      const rounds = 10;
      const written: string[] = [];
      let conflicts = 0;
      // Each writer loops: read the version, try to append, count a conflict and retry on loss.
      await Promise.all(
        Array.from({ length: writers }, async (_, writer) => {
          for (let round = 0; round < rounds; round++) {
            for (;;) {
              const version = await fx.store.streamVersion('hot');
              const event = newEvent('Tick', { writer, round });
              try {
                await fx.store.appendToStream({ streamId: 'hot', streamType: 't', expectedVersion: version, events: [event] });
                written.push(event.eventId);
                break;
              } catch (error) {
                expect(error).toBeInstanceOf(WrongExpectedVersionError);
                conflicts++;
              }
            }
          }
        }),
      );
      const stored = await fx.store.readStream('hot');
      expect(stored).toHaveLength(1 + writers * rounds);
      expect(stored.map((e) => e.streamVersion)).toEqual(Array.from({ length: stored.length }, (_, i) => i + 1));
      expect(new Set(stored.slice(1).map((e) => e.eventId))).toEqual(new Set(written));
      expect(conflicts).toBeGreaterThan(0);
    });

    it('stores a retried append once and answers the retry with the original positions', async () => {
      const events = [newEvent('A'), newEvent('B')];
      const first = await fx.store.appendToStream({ streamId: 's', streamType: 't', expectedVersion: 'no_stream', events });
      const retry = await fx.store.appendToStream({ streamId: 's', streamType: 't', expectedVersion: 'no_stream', events });
      expect(retry).toEqual({ ...first, duplicate: true });
      const concurrentRetries = await Promise.all(
        Array.from({ length: 5 }, () => fx.store.appendToStream({ streamId: 's', streamType: 't', expectedVersion: 'any', events })),
      );
      concurrentRetries.forEach((r) => expect(r.globalPositions).toEqual(first.globalPositions));
      expect(await fx.store.readStream('s')).toHaveLength(2);
    });

    it('makes concurrent identical first appends store once', async () => {
      const events = [newEvent('A')];
      const results = await Promise.all(
        Array.from({ length: 6 }, () => fx.store.appendToStream({ streamId: 'race', streamType: 't', expectedVersion: 'any', events })),
      );
      expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
      expect(await fx.store.readStream('race')).toHaveLength(1);
    });

    it('refuses an append that reuses some event ids, or ids of another stream', async () => {
      const a = newEvent('A');
      await fx.store.appendToStream({ streamId: 's', streamType: 't', expectedVersion: 'any', events: [a] });
      await expect(fx.store.appendToStream({ streamId: 's', streamType: 't', expectedVersion: 'any', events: [a, newEvent()] })).rejects.toBeInstanceOf(
        EventIdConflictError,
      );
      await expect(fx.store.appendToStream({ streamId: 'other', streamType: 't', expectedVersion: 'any', events: [a] })).rejects.toBeInstanceOf(
        EventIdConflictError,
      );
      expect(await fx.store.streamVersion('other')).toBe(0);
    });

    it('appends to several streams in one transaction: all or nothing', async () => {
      const written = await fx.store.appendToStreams([
        { streamId: 'a', streamType: 't', expectedVersion: 'no_stream', events: [newEvent()] },
        { streamId: 'b', streamType: 't', expectedVersion: 'no_stream', events: [newEvent(), newEvent()] },
      ]);
      expect(written.map((r) => [r.streamId, r.nextExpectedVersion])).toEqual([
        ['a', 1],
        ['b', 2],
      ]);
      await expect(
        fx.store.appendToStreams([
          { streamId: 'a', streamType: 't', expectedVersion: 1, events: [newEvent()] },
          { streamId: 'b', streamType: 't', expectedVersion: 1, events: [newEvent()] }, // b is at 2: conflict
        ]),
      ).rejects.toBeInstanceOf(WrongExpectedVersionError);
      expect(await fx.store.streamVersion('a')).toBe(1);
      expect(await fx.store.streamVersion('b')).toBe(2);
      expect((await fx.store.readAll()).map((e) => e.streamId)).toEqual(['a', 'b', 'b']);
    });

    it('reads the whole log from a position in commit-safe order, in pages', async () => {
      for (let i = 0; i < 25; i++) {
        await fx.store.appendToStream({ streamId: `s-${i % 3}`, streamType: 't', expectedVersion: 'any', events: [newEvent('E', { i })] });
      }
      const seen: number[] = [];
      let after;
      for (;;) {
        const page = await fx.store.readAll({ after, limit: 10 });
        if (page.length === 0) break;
        seen.push(...page.map((e) => (e.data as { i: number }).i));
        const last = page[page.length - 1];
        after = { transactionId: last.transactionId, globalPosition: last.globalPosition };
      }
      expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => i));
    });

    it('filters the whole log by event type and stream before the limit, so filtered pages resume without skipping', async () => {
      for (let i = 0; i < 30; i++) {
        const type = ['Fact', 'Verified', 'Reversed'][i % 3];
        await fx.store.appendToStream({ streamId: `s-${i % 2}`, streamType: 't', expectedVersion: 'any', events: [newEvent(type, { i })] });
      }
      const readFiltered = async (filter: { eventTypes?: string[]; streamIds?: string[] }, limit: number): Promise<number[]> => {
        const seen: number[] = [];
        let after;
        for (;;) {
          const page = await fx.store.readAll({ ...filter, after, limit });
          if (page.length === 0) break;
          seen.push(...page.map((e) => (e.data as { i: number }).i));
          const last = page[page.length - 1];
          after = { transactionId: last.transactionId, globalPosition: last.globalPosition };
        }
        return seen;
      };
      const all = Array.from({ length: 30 }, (_, i) => i);
      expect(await readFiltered({ eventTypes: ['Verified', 'Reversed'] }, 4)).toEqual(all.filter((i) => i % 3 !== 0));
      expect(await readFiltered({ streamIds: ['s-1'] }, 4)).toEqual(all.filter((i) => i % 2 === 1));
      expect(await readFiltered({ eventTypes: ['Verified'], streamIds: ['s-0', 'nobody'] }, 1)).toEqual(all.filter((i) => i % 3 === 1 && i % 2 === 0));
      expect(await fx.store.readAll({ streamIds: [] })).toEqual([]);
      expect(await fx.store.readAll({ eventTypes: ['Unknown'] })).toEqual([]);
      // A page of one matching event, found far into the log: the limit counts matches, not rows scanned.
      const [first] = await fx.store.readAll({ eventTypes: ['Reversed'], streamIds: ['s-1'], limit: 1 });
      expect(first.data).toEqual({ i: 5 });
      expect(
        (
          await fx.store.readAll({
            after: { transactionId: first.transactionId, globalPosition: first.globalPosition },
            eventTypes: ['Reversed'],
            streamIds: ['s-1'],
            limit: 1,
          })
        )[0].data,
      ).toEqual({ i: 11 });
    });

    it('reads a stream as it had been recorded at an instant', async () => {
      await fx.store.appendToStream({ streamId: 's', streamType: 't', expectedVersion: 'any', events: [newEvent('A'), newEvent('B')] });
      const [, b] = await fx.store.readStream('s');
      await new Promise((r) => setTimeout(r, 20));
      await fx.store.appendToStream({ streamId: 's', streamType: 't', expectedVersion: 'any', events: [newEvent('C')] });
      expect((await fx.store.readStream('s', { recordedAtOrBefore: b.recordedAt })).map((e) => e.type)).toEqual(['A', 'B']);
      expect(await fx.store.readStream('s', { recordedAtOrBefore: '2000-01-01T00:00:00Z' })).toEqual([]);
      expect((await fx.store.readStream('s', { recordedAtOrBefore: new Date().toISOString() })).map((e) => e.type)).toEqual(['A', 'B', 'C']);
      expect(await fx.store.streamVersion('s', { recordedAtOrBefore: b.recordedAt })).toBe(2);
      expect(await fx.store.streamVersion('s', { recordedAtOrBefore: '2000-01-01T00:00:00Z' })).toBe(0);
      expect(await fx.store.streamVersion('s', { recordedAtOrBefore: new Date().toISOString() })).toBe(3);
    });

    it("reads one participant's events, and the payment-side events of its payments, up to a version", async () => {
      const append = (...events: NewEvent[]) => fx.store.appendToStream({ streamId: 'c', streamType: 't', expectedVersion: 'any', events });
      await append(
        newEvent('Referred', { participantId: 'p1' }),
        newEvent('Referred', { participantId: 'p2' }),
        newEvent('Verified', { participantId: 'p1', paymentId: 'c:p1:A' }),
        newEvent('Verified', { participantId: 'p2', paymentId: 'c:p2:A' }),
        newEvent('Confirmed', { paymentId: 'c:p2:A' }),
        newEvent('Confirmed', { paymentId: 'c:p1:A' }),
        newEvent('Recovered', { paymentId: 'c:p1:A' }),
        newEvent('Agreed', { paymentId: 'c:settlement:1' }),
        newEvent('Week', { participantId: 'p1', week: '2019-W06' }),
      );
      await fx.store.appendToStream({ streamId: 'other', streamType: 't', expectedVersion: 'any', events: [newEvent('Referred', { participantId: 'p1' })] });
      const read = async (participantId: string, options: { toVersion?: number; paymentEventTypes: string[] }) =>
        (await fx.store.readParticipantEvents('c', participantId, options)).map((e) => [e.streamVersion, e.type]);
      expect(await read('p1', { paymentEventTypes: ['Confirmed', 'Recovered'] })).toEqual([
        [1, 'Referred'],
        [3, 'Verified'],
        [6, 'Confirmed'],
        [7, 'Recovered'],
        [9, 'Week'],
      ]);
      expect(await read('p1', { toVersion: 6, paymentEventTypes: ['Confirmed'] })).toEqual([
        [1, 'Referred'],
        [3, 'Verified'],
        [6, 'Confirmed'],
      ]);
      expect(await read('p2', { paymentEventTypes: [] })).toEqual([
        [2, 'Referred'],
        [4, 'Verified'],
      ]);
      expect(await read('p3', { paymentEventTypes: ['Confirmed'] })).toEqual([]);
      const [event] = await fx.store.readParticipantEvents('c', 'p1', { toVersion: 1, paymentEventTypes: [] });
      expect(event).toEqual((await fx.store.readStream('c', { toVersion: 1 }))[0]);
    });

    it("reads the stream's events that name no participant and no payment, up to a version", async () => {
      const append = (...events: NewEvent[]) => fx.store.appendToStream({ streamId: 'c', streamType: 't', expectedVersion: 'any', events });
      await append(
        newEvent('Registered', { contractId: 'c' }),
        newEvent('Referred', { participantId: 'p1' }),
        newEvent('Verified', { participantId: 'p1', paymentId: 'c:p1:A' }),
        newEvent('Amended', { termsVersion: 2 }),
        newEvent('Confirmed', { paymentId: 'c:p1:A' }),
        newEvent('Agreed', { paymentId: 'c:settlement:1' }),
        newEvent('Exported', {}),
      );
      await fx.store.appendToStream({ streamId: 'other', streamType: 't', expectedVersion: 'any', events: [newEvent('Registered', {})] });
      const read = async (toVersion?: number) => (await fx.store.readStreamLevelEvents('c', { toVersion })).map((e) => [e.streamVersion, e.type]);
      expect(await read()).toEqual([
        [1, 'Registered'],
        [4, 'Amended'],
        [7, 'Exported'],
      ]);
      expect(await read(6)).toEqual([
        [1, 'Registered'],
        [4, 'Amended'],
      ]);
      expect(await read(0)).toEqual([]);
      expect(await fx.store.readStreamLevelEvents('none')).toEqual([]);
      const [event] = await fx.store.readStreamLevelEvents('c', { toVersion: 1 });
      expect(event).toEqual((await fx.store.readStream('c', { toVersion: 1 }))[0]);
    });

    it('never lets a late commit appear before a position already read: reading on from it finds every event once', async () => {
      await fx.store.appendToStream({ streamId: 'early', streamType: 't', expectedVersion: 'any', events: [newEvent('Early')] });
      const late = await fx.appendHeldOpen({ streamId: 'late', streamType: 't', expectedVersion: 'any', events: [newEvent('Late')] });
      await fx.store.appendToStream({ streamId: 'fast', streamType: 't', expectedVersion: 'any', events: [newEvent('Fast')] });
      const before = await fx.store.readAll();
      await late.commit();
      const last = before[before.length - 1];
      const after = await fx.store.readAll({ after: { transactionId: last.transactionId, globalPosition: last.globalPosition } });
      const read = [...before, ...after].map((e) => e.type);
      expect([...read].sort()).toEqual(['Early', 'Fast', 'Late']);
      expect((await fx.store.readAll()).map((e) => e.type)).toEqual(read);
    });
  });
}
