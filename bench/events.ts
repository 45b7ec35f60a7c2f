import { randomBytes, randomUUID } from 'node:crypto';
import type { NewEvent } from '#event-store';

/** Event-shaped test data shared by the raw baselines and the store benchmarks, so both write the same bytes. */

export const EVENT_TYPE = 'PayrollEvidenceRecorded';
export const STREAM_TYPE = 'participant';

const EMPLOYERS = [
  { cvr: '29403473', name: 'Nordjysk Byggeservice ApS' },
  { cvr: '31562890', name: 'Limfjordens Rengøring A/S' },
  { cvr: '27811054', name: 'Aalborg Lager & Logistik ApS' },
];

export interface BenchEvent {
  eventId: string;
  data: Record<string, unknown>;
  metadata: { correlationId: string; causationId: string; actor: string };
}

/** A payroll evidence record of a participant's month in work (about 300 bytes of JSON). */
export function payrollEvidence(sequence: number): BenchEvent {
  const month = (sequence % 12) + 1;
  const mm = String(month).padStart(2, '0');
  return {
    eventId: randomUUID(),
    data: {
      participant: `psn_${randomBytes(12).toString('hex')}`,
      contractId: 'impact60-aalborg-2018',
      evidence: 'payroll',
      source: 'eIndkomst',
      employer: EMPLOYERS[sequence % EMPLOYERS.length],
      period: { from: `2024-${mm}-01`, to: `2024-${mm}-28` },
      hoursWorked: 120 + (sequence % 40) + 0.5,
      grossPayDkk: (24000 + (sequence % 9000) + 0.75).toFixed(2),
      receivedOn: `2024-${mm}-28`,
    },
    metadata: { correlationId: randomUUID(), causationId: randomUUID(), actor: 'provider:fokus-folkeoplysning' },
  };
}

/** A bench event as our store's NewEvent. */
export function newEvent(event: BenchEvent): NewEvent {
  return { eventId: event.eventId, type: EVENT_TYPE, data: event.data, metadata: event.metadata };
}

/**
 * The streams one writer loop appends to, with their versions tracked as a writer would: it keeps
 * `width` streams open, appends to them in turn, and replaces a stream by a new one once it holds
 * `maxVersion` events. So some appends create a stream and most extend one at a known version.
 */
export class StreamCursor {
  private readonly open: { streamId: string; version: number }[] = [];
  private turn = 0;
  private created = 0;

  constructor(
    private readonly prefix: string,
    private readonly width: number,
    private readonly maxVersion: number,
  ) {
    for (let i = 0; i < width; i++) this.open.push(this.fresh());
  }

  /** The next stream to append to and its current version (0 = new). */
  next(): { streamId: string; version: number } {
    return this.open[this.turn % this.width];
  }

  /** Records that `count` events were appended to the stream `next()` gave. */
  advance(count: number): void {
    const slot = this.turn % this.width;
    this.open[slot].version += count;
    if (this.open[slot].version >= this.maxVersion) this.open[slot] = this.fresh();
    this.turn++;
  }

  private fresh(): { streamId: string; version: number } {
    return { streamId: `${this.prefix}-${this.created++}`, version: 0 };
  }
}

/**
 * Loops of writers, each appending `batch` events per call to the next stream of its own cursor at
 * its tracked version through `write` (the raw INSERT, our store, the peer), so every writer sends
 * the same events in the same stream pattern.
 */
export function writerLoops(
  loops: number,
  batch: number,
  streams: { prefix: string; width: number; maxVersion: number },
  write: (streamId: string, version: number, events: BenchEvent[]) => Promise<unknown>,
): Array<() => Promise<number>> {
  return Array.from({ length: loops }, (_, loop) => {
    const cursor = new StreamCursor(`${streams.prefix}-w${loop}`, streams.width, streams.maxVersion);
    let sequence = 0;
    return async () => {
      const { streamId, version } = cursor.next();
      await write(
        streamId,
        version,
        Array.from({ length: batch }, () => payrollEvidence(sequence++)),
      );
      cursor.advance(batch);
      return batch;
    };
  });
}
