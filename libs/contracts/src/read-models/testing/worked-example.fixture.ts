import { instantOf } from '#domain';
import type { RecordedContractEvent } from '#domain';
import { cmd, ContractHarness, weekRange } from '#domain/testing/contract.harness.js';
import type { RecordedEvent } from '#event-store';

export { cmd, weekRange };

/** The contract's stream as the store hands it back (the harness keeps no metadata: actors are made up by type). */
export function stored(event: RecordedContractEvent, contractId = 'aalborg-impact60'): RecordedEvent {
  const actor = event.type === 'BenefitWeekRecorded' || event.type === 'ParticipantReferred' ? 'commissioner:aalborg-kommune' : 'provider:fokus-folkeoplysning';
  return {
    eventId: `00000000-0000-0000-0000-${String(event.streamVersion).padStart(12, '0')}`,
    streamId: `contract-${contractId}`,
    streamVersion: event.streamVersion,
    globalPosition: BigInt(event.streamVersion),
    transactionId: String(1000 + event.streamVersion),
    type: event.type,
    schemaVersion: 1,
    data: event.data,
    metadata: { actor },
    recordedAt: event.recordedAt,
  };
}

/** A harness whose clock moves one second per command, so every fact has an instant of its own. */
export class ClockedHarness extends ContractHarness {
  private tick = 0;
  instant(): string {
    return instantOf(new Date(Date.UTC(2019, 0, 1) + this.tick * 1000));
  }
  record(command: Parameters<ContractHarness['run']>[0]): RecordedContractEvent[] {
    this.tick += 1;
    return this.run(command, this.instant());
  }
  get stored(): RecordedEvent[] {
    return this.events.map((event) => stored(event));
  }
  last(): RecordedContractEvent {
    return this.events[this.events.length - 1];
  }
}

export const PAY = (participant: string, code: string, occurrence: number, revision: number): string =>
  `aalborg-impact60:${participant}:${code}:${occurrence}:${revision}`;

/**
 * docs/rules.md §5's worked example for P1, with P2 rejected at intake, P3 enrolled then withdrawn
 * after a placement, and two payments confirmed (JOB_START #1, and SELF_SUPPORT_26W #1 before its
 * reversal). `rows[n]` is the last fact of row n (0: the enrolments).
 */
export function workedExample(upToRow = 6): { h: ClockedHarness; rows: Record<number, RecordedContractEvent> } {
  const h = new ClockedHarness();
  const rows: Record<number, RecordedContractEvent> = {};
  h.record(cmd.register());
  h.record(cmd.activate());
  h.record(cmd.refer('P1'));
  h.record(cmd.refer('P2', '2018-12-01', 'rejected'));
  h.record(cmd.refer('P3'));
  h.record(cmd.enrol('P3', '2019-01-07'));
  h.record(cmd.start('P3', 'X', '2019-01-14', 10, 'education'));
  h.record(cmd.withdraw('P3', '2019-02-01'));
  h.record(cmd.enrol('P1', '2019-01-07'));
  rows[0] = h.last();
  const steps: Array<() => void> = [
    () => {
      h.record(cmd.start('P1', 'A', '2019-02-04', 20));
      h.record(cmd.end('P1', 'A', '2019-03-10'));
      h.record(cmd.evidence('P1', 'A', 'EA', '2019-02-04', '2019-03-10'));
      rows[1] = h.last();
      h.record(cmd.confirm(PAY('P1', 'JOB_START', 1, 1), 'PAY-1', '2019-03-01'));
    },
    () => {
      h.record(cmd.start('P1', 'B', '2019-04-01', 30));
      h.record(cmd.evidence('P1', 'B', 'EB1', '2019-04-01', '2019-06-30'));
      rows[2] = h.last();
    },
    () => {
      for (const week of weekRange(2019, 6, 31)) h.record(cmd.week('P1', week, false));
      rows[3] = h.last();
      h.record(cmd.confirm(PAY('P1', 'SELF_SUPPORT_26W', 1, 1), 'PAY-2', '2019-08-20'));
    },
    () => {
      h.record(cmd.evidence('P1', 'B', 'EB2', '2019-07-01', '2019-08-25'));
      rows[4] = h.last();
    },
    () => {
      h.record(cmd.week('P1', '2019-W20', true));
      rows[5] = h.last();
    },
    () => {
      for (const week of weekRange(2019, 32, 46)) h.record(cmd.week('P1', week, false));
      rows[6] = h.last();
    },
  ];
  for (const step of steps.slice(0, upToRow)) step();
  return { h, rows };
}
