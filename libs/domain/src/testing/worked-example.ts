import { cmd, ContractHarness, weekRange } from './contract.harness.js';

/** docs/rules.md §5's worked example on IMPACT60: participant P1's facts, from enrolment to a confirmed payment. */
export function workedExampleHarness(): ContractHarness {
  const h = new ContractHarness();
  h.run(cmd.register());
  h.run(cmd.activate());
  h.run(cmd.refer('P1'));
  h.run(cmd.enrol('P1', '2019-01-07'));
  h.run(cmd.start('P1', 'A', '2019-02-04', 20));
  h.run(cmd.end('P1', 'A', '2019-03-10'));
  h.run(cmd.evidence('P1', 'A', 'EA', '2019-02-04', '2019-03-10'));
  h.run(cmd.start('P1', 'B', '2019-04-01', 30));
  h.run(cmd.evidence('P1', 'B', 'EB1', '2019-04-01', '2019-06-30'));
  for (const week of weekRange(2019, 6, 31)) h.run(cmd.week('P1', week, false));
  h.run(cmd.evidence('P1', 'B', 'EB2', '2019-07-01', '2019-08-25'));
  h.run(cmd.week('P1', '2019-W20', true));
  h.run(cmd.confirm('aalborg-impact60:P1:JOB_START:1:1', 'BANK-1'));
  return h;
}
