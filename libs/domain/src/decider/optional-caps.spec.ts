import type { ContractCaps } from '../contract/contract-definition.js';
import { cmd, ContractHarness, impact60Definition, outcomeEvents, weekRange } from '../testing/contract.harness.js';

/** Three participants each earning the worked example's rows 1-3 (2,000,000 + 3,000,000 + 6,000,000) and more. */
function run(caps: ContractCaps | undefined) {
  const definition: Record<string, unknown> = { ...impact60Definition() };
  if (caps === undefined) delete definition.caps;
  else definition.caps = caps;
  const h = new ContractHarness();
  h.run(cmd.register(definition));
  h.run(cmd.activate());
  const verified: unknown[] = [];
  for (const id of ['P1', 'P2']) {
    h.run(cmd.refer(id));
    h.run(cmd.enrol(id, '2019-01-07'));
  }
  for (const id of ['P1', 'P2']) {
    const events = [
      ...h.run(cmd.start(id, 'A', '2019-02-04', 30)),
      // 182 evidenced days: JOB_START, then JOB_13W #1 on 2019-05-05 and #2 on 2019-08-04.
      ...h.run(cmd.evidence(id, 'A', 'E', '2019-02-04', '2019-08-04')),
      ...weekRange(2019, 6, 31).flatMap((week) => h.run(cmd.week(id, week, false))),
    ];
    for (const e of outcomeEvents(events)) {
      if (e.type === 'OutcomeVerified') verified.push([id, e.data.outcomeCode, e.data.occurrence, e.data.amount, e.data.capReason]);
    }
  }
  return { verified, committed: h.state.totals.committed };
}

describe('optional caps', () => {
  it('without caps every occurrence is verified at its price', () => {
    const { verified, committed } = run(undefined);
    expect(verified).toEqual([
      ['P1', 'JOB_START', 1, 2000000, null],
      ['P1', 'JOB_13W', 1, 3000000, null],
      ['P1', 'JOB_13W', 2, 3000000, null],
      ['P1', 'SELF_SUPPORT_26W', 1, 6000000, null],
      ['P2', 'JOB_START', 1, 2000000, null],
      ['P2', 'JOB_13W', 1, 3000000, null],
      ['P2', 'JOB_13W', 2, 3000000, null],
      ['P2', 'SELF_SUPPORT_26W', 1, 6000000, null],
    ]);
    expect(committed).toBe(28000000);
    expect(run({})).toEqual({ verified, committed });
  });

  it('with only a per-participant cap, each participant is cut at it and nothing else', () => {
    const { verified, committed } = run({ perParticipant: 11000000 });
    expect(verified).toEqual([
      ['P1', 'JOB_START', 1, 2000000, null],
      ['P1', 'JOB_13W', 1, 3000000, null],
      ['P1', 'JOB_13W', 2, 3000000, null],
      ['P1', 'SELF_SUPPORT_26W', 1, 3000000, 'participant-cap'],
      ['P2', 'JOB_START', 1, 2000000, null],
      ['P2', 'JOB_13W', 1, 3000000, null],
      ['P2', 'JOB_13W', 2, 3000000, null],
      ['P2', 'SELF_SUPPORT_26W', 1, 3000000, 'participant-cap'],
    ]);
    expect(committed).toBe(22000000);
  });

  it('with only a total cap, the contract headroom cuts, whichever participant comes to it', () => {
    const { verified, committed } = run({ total: 15000000 });
    expect(verified).toEqual([
      ['P1', 'JOB_START', 1, 2000000, null],
      ['P1', 'JOB_13W', 1, 3000000, null],
      ['P1', 'JOB_13W', 2, 3000000, null],
      ['P1', 'SELF_SUPPORT_26W', 1, 6000000, null],
      ['P2', 'JOB_START', 1, 1000000, 'contract-cap'],
      ['P2', 'JOB_13W', 1, 0, 'contract-cap'],
      ['P2', 'JOB_13W', 2, 0, 'contract-cap'],
      ['P2', 'SELF_SUPPORT_26W', 1, 0, 'contract-cap'],
    ]);
    expect(committed).toBe(15000000);
  });
});
