import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';

/**
 * How far the ledger's sequencer is behind the log: the age of the oldest committed event that is
 * not yet a leaf (from its recording, `recorded_at`, inside its transaction, until now), in ms; 0
 * when every committed event is a leaf. Read from the service's database, as an operator would.
 */
export async function sequencerLagMs(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ lag_ms: number }>(
    `SELECT extract(epoch FROM clock_timestamp() - e.recorded_at) * 1000 AS lag_ms
       FROM es_events e
      WHERE e.global_position > coalesce((SELECT max(global_position) FROM ledger_leaves), 0)
      ORDER BY e.global_position
      LIMIT 1`,
  );
  return rows.length === 0 ? 0 : Number(rows[0].lag_ms);
}

/** Samples the sequencer's lag every `everyMs` until `stop()`; `stop` answers the samples. */
export function watchSequencerLag(pool: pg.Pool, everyMs = 250): { stop(): Promise<number[]> } {
  const samples: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      samples.push(await sequencerLagMs(pool));
      await sleep(everyMs);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return samples;
    },
  };
}

/** Waits until every committed event is a leaf; the time that took, in ms (fails after `limitMs`). */
export async function untilSequenced(pool: pg.Pool, limitMs = 600_000): Promise<number> {
  const began = Date.now();
  while ((await sequencerLagMs(pool)) > 0) {
    if (Date.now() - began > limitMs) throw new Error(`the ledger's sequencer did not catch up with the log within ${limitMs / 1000} s`);
    await sleep(50);
  }
  return Date.now() - began;
}
