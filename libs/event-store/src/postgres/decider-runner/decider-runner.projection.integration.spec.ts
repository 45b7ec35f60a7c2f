import { createEventStoreFixture, type EventStoreFixture } from '#test-support/event-store.fixture.js';
import type { RecordedEvent } from '../../event-envelope.js';
import type { Decider } from '../../decider.js';
import { DeciderRunner } from './decider-runner.js';
import type { StateProjection } from './state-projection.js';

// The runner's projection rows (docs/snapshots.md, "The contract summary") on a toy stream: a
// running sum whose projected value is its tens, so most draws change nothing stored. A row is
// stored only where the value changed since the runner's last row, names that row, and the rows
// alone or the runner tell the value at every version; another writer's appends make the runner
// store its next row afresh (naming none).

type Command = { draw: number };
interface State {
  spent: number;
}
const summing: Decider<Command, State> = {
  initialState: () => ({ spent: 0 }),
  evolve: (state, event: RecordedEvent) => {
    state.spent += (event.data as { amount: number }).amount;
    return state;
  },
  decide: (command) => [{ type: 'Drawn', data: { amount: command.draw } }],
};
const tensOf = (spent: number): string => String(Math.floor(spent / 10));
const tens: StateProjection<State, { spent: number }> = {
  name: 'tens:1',
  of: (state) => ({ spent: state.spent }),
  evolve: (value, state, event, evolve) => {
    const evolved = evolve(state, event);
    value.spent = evolved.spent;
    return evolved;
  },
  valueAt: (value) => Buffer.from(tensOf(value.spent)),
  key: (value) => tensOf(value.spent),
};
const DRAW = 3;
const S = 's';

describe('DeciderRunner with a projection: a row only where the value changed', () => {
  let fx: EventStoreFixture;
  beforeEach(async () => {
    fx = await createEventStoreFixture(5);
  });
  afterEach(() => fx.close());

  const draw = (runner: DeciderRunner<Command, State, { spent: number }>): Promise<unknown> =>
    runner.execute({ streamId: S, streamType: 'sum', command: { draw: DRAW } });
  const rows = async (): Promise<Array<{ version: number; value: string; previous: number | null }>> =>
    (
      await fx.pool.query<{ stream_version: string; value: Buffer; previous_version: string | null }>(
        'SELECT stream_version, value, previous_version FROM es_stream_projections WHERE stream_id = $1 ORDER BY stream_version',
        [S],
      )
    ).rows.map((row) => ({
      version: Number(row.stream_version),
      value: row.value.toString(),
      previous: row.previous_version === null ? null : Number(row.previous_version),
    }));

  it('stores the value at a batch’s version only where it changed since the last row, each row naming the one before; the rows or the runner tell every version', async () => {
    const runner = new DeciderRunner(fx.pool, fx.store, summing, undefined, { projection: tens });
    for (let i = 0; i < 30; i++) await draw(runner);
    // Version v has spent 3v; the first batch after the load (version 1) stores, then a row where the tens moved.
    const expected: Array<{ version: number; value: string; previous: number | null }> = [];
    for (let v = 1; v < 30; v++) {
      const last = expected.at(-1);
      if (last === undefined || last.value !== tensOf(DRAW * v)) expected.push({ version: v, value: tensOf(DRAW * v), previous: last?.version ?? null });
    }
    expect(await rows()).toEqual(expected);
    expect(expected.length).toBeLessThan(12);
    const unchangedSince = await runner.withState(S, (_state, _version, _value, since) => since);
    expect(unchangedSince).toBe(expected.at(-1)!.version);
    for (let v = 1; v < 30; v++) {
      const { row, exact } = await fx.store.projectedValueAt(S, tens.name, v);
      // Past the last row the rows alone cannot tell: the runner's unchangedSince does.
      const known = exact || (row !== undefined && unchangedSince !== undefined && unchangedSince <= row.version);
      expect({ v, known, value: row?.value.toString() }).toEqual({ v, known: true, value: tensOf(DRAW * v) });
    }
  });

  it('after another writer’s appends the runner does not know what was stored meanwhile: its next row names none, and it tells nothing until then', async () => {
    const first = new DeciderRunner(fx.pool, fx.store, summing, undefined, { projection: tens });
    const second = new DeciderRunner(fx.pool, fx.store, summing, undefined, { projection: tens });
    for (let i = 0; i < 5; i++) await draw(first);
    await draw(second);
    expect(await first.withState(S, (_state, _version, _value, since) => since)).toBeUndefined();
    await draw(first);
    // Spent 18 at version 6 and 15 at 5: the same tens, yet each runner stored a row, naming none.
    expect((await rows()).filter((row) => row.version >= 5)).toEqual([
      { version: 5, value: '1', previous: null },
      { version: 6, value: '1', previous: null },
    ]);
    expect(await first.withState(S, (_state, _version, _value, since) => since)).toBe(6);
  });
});
