import { cmd, ContractHarness, weekRange } from '#domain/testing/contract.harness.js';
import type { InMemoryLedger } from './in-memory-ledger.js';

/**
 * §5's worked example for P1 and a shorter history for P2, recorded through the domain into a
 * ledger's contract stream, interleaved with another contract's stream so that the slice is not
 * the whole tree. Recording instants rise by a second per command.
 */
export function recordWorkedExample(ledger: InMemoryLedger, streamId = 'contract-aalborg-impact60'): void {
  const contract = new ContractHarness();
  const other = new ContractHarness();
  let second = 0;
  const at = (): string => new Date(Date.UTC(2019, 0, 1, 12) + ++second * 1000).toISOString().replace('Z', '000Z');
  const run = (h: ContractHarness, stream: string, command: Parameters<ContractHarness['run']>[0]): void => {
    const now = at();
    const events = h.run(command, now);
    ledger.append(
      stream,
      events.map((e) => ({ type: e.type, data: e.data, recordedAt: now })),
    );
  };
  const both = (command: Parameters<ContractHarness['run']>[0]): void => {
    run(contract, streamId, command);
    run(other, 'contract-other', command);
  };
  both(cmd.register());
  both(cmd.activate());
  for (const p of ['P1', 'P2']) {
    both(cmd.refer(p));
    both(cmd.enrol(p, '2019-01-07'));
  }
  run(contract, streamId, cmd.start('P1', 'A', '2019-02-04', 20));
  run(contract, streamId, cmd.end('P1', 'A', '2019-03-10'));
  run(contract, streamId, cmd.evidence('P1', 'A', 'EA', '2019-02-04', '2019-03-10'));
  run(contract, streamId, cmd.start('P1', 'B', '2019-04-01', 30));
  run(contract, streamId, cmd.evidence('P1', 'B', 'EB1', '2019-04-01', '2019-06-30'));
  for (const week of weekRange(2019, 6, 31)) run(contract, streamId, cmd.week('P1', week, false));
  run(contract, streamId, cmd.evidence('P1', 'B', 'EB2', '2019-07-01', '2019-08-25'));
  run(contract, streamId, cmd.week('P1', '2019-W20', true));
  run(other, 'contract-other', cmd.start('P2', 'C', '2019-02-04', 37));
  run(contract, streamId, cmd.start('P2', 'C', '2019-02-04', 37));
  run(contract, streamId, cmd.evidence('P2', 'C', 'EC', '2019-02-04', '2019-02-28'));
  for (const week of weekRange(2019, 32, 46)) run(contract, streamId, cmd.week('P1', week, false));
  run(contract, streamId, cmd.revoke('P2', 'EC'));
  run(contract, streamId, cmd.confirm('aalborg-impact60:P1:JOB_START:1:1', 'ref-1'));
}
