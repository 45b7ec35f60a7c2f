import { cmd, ContractHarness, outcomeEvents, weekRange } from '../testing/contract.harness.js';

/** docs/rules.md §5, "Worked example", row by row, on the contract of §4. */
describe('§5 worked example (IMPACT60, participant P1 enrolled 2019-01-07)', () => {
  const h = new ContractHarness();
  let enrolledAt = 0;

  beforeAll(() => {
    h.run(cmd.register());
    h.run(cmd.activate());
    h.run(cmd.refer('P1'));
    enrolledAt = h.run(cmd.enrol('P1', '2019-01-07'))[0].streamVersion;
  });

  it('row 1: placement A (ordinary, 20 h, 2019-02-04..2019-03-10) with payroll evidence -> JOB_START #1, 2,000,000', () => {
    const started = h.run(cmd.start('P1', 'A', '2019-02-04', 20));
    const ended = h.run(cmd.end('P1', 'A', '2019-03-10'));
    expect(outcomeEvents([...started, ...ended])).toEqual([]);
    const recorded = h.run(cmd.evidence('P1', 'A', 'EA', '2019-02-04', '2019-03-10'));
    expect(recorded.map((e) => e.type)).toEqual(['PayrollEvidenceRecorded', 'OutcomeVerified']);
    expect(recorded[1].data).toEqual({
      paymentId: 'aalborg-impact60:P1:JOB_START:1:1',
      participantId: 'P1',
      outcomeCode: 'JOB_START',
      occurrence: 1,
      revision: 1,
      achievedOn: '2019-02-04',
      price: 2000000,
      amount: 2000000,
      capReason: null,
      termsVersion: 1,
      provenance: [enrolledAt, started[0].streamVersion, ended[0].streamVersion, recorded[0].streamVersion],
    });
  });

  it('row 2: placement B (30 h, open from 2019-04-01) with evidence to 2019-06-30 -> no second JOB_START; JOB_13W #1 on 2019-05-26, 3,000,000', () => {
    const started = h.run(cmd.start('P1', 'B', '2019-04-01', 30));
    expect(outcomeEvents(started)).toEqual([]);
    const recorded = h.run(cmd.evidence('P1', 'B', 'EB1', '2019-04-01', '2019-06-30'));
    const outcomes = outcomeEvents(recorded);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0].data).toMatchObject({
      paymentId: 'aalborg-impact60:P1:JOB_13W:1:1',
      outcomeCode: 'JOB_13W',
      occurrence: 1,
      achievedOn: '2019-05-26', // 35 days in A + 56 in B
      amount: 3000000,
      capReason: null,
    });
    expect(outcomes[0].type === 'OutcomeVerified' && outcomes[0].data.provenance).toEqual([
      enrolledAt,
      5,
      6,
      7,
      started[0].streamVersion,
      recorded[0].streamVersion,
    ]);
  });

  it('row 3: benefit weeks 2019-W06..W31 not paid -> SELF_SUPPORT_26W #1 on 2019-08-04, 6,000,000; P1 at the cap', () => {
    const all = weekRange(2019, 6, 31).flatMap((week) => h.run(cmd.week('P1', week, false)));
    const outcomes = outcomeEvents(all);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0].data).toMatchObject({
      paymentId: 'aalborg-impact60:P1:SELF_SUPPORT_26W:1:1',
      achievedOn: '2019-08-04',
      amount: 6000000,
      capReason: null,
    });
    // It was verified by the W31 record, the last of the 26.
    expect(all[all.length - 2].data).toMatchObject({ week: '2019-W31' });
    expect(h.state.participants.get('P1')!.totals.committed).toBe(11000000);
  });

  it('row 4: evidence for B extended to 2019-08-25 -> JOB_13W #2 on 2019-08-25 (182 days), amount 0, capped per participant', () => {
    const recorded = h.run(cmd.evidence('P1', 'B', 'EB2', '2019-07-01', '2019-08-25'));
    const outcomes = outcomeEvents(recorded);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0].data).toMatchObject({
      paymentId: 'aalborg-impact60:P1:JOB_13W:2:1',
      occurrence: 2,
      achievedOn: '2019-08-25',
      price: 3000000,
      amount: 0,
      capReason: 'participant-cap',
    });
    expect(h.state.participants.get('P1')!.totals.committed).toBe(11000000);
  });

  it('row 5: register correction, 2019-W20 paid after all -> SELF_SUPPORT_26W #1 reversed, -6,000,000; JOB_13W #2 stays at 0', () => {
    const recorded = h.run(cmd.week('P1', '2019-W20', true));
    const outcomes = outcomeEvents(recorded);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0].type).toBe('OutcomeReversed');
    expect(outcomes[0].data).toEqual({
      paymentId: 'aalborg-impact60:P1:SELF_SUPPORT_26W:1:1',
      participantId: 'P1',
      outcomeCode: 'SELF_SUPPORT_26W',
      occurrence: 1,
      revision: 1,
      amount: -6000000,
      reason: 'no-longer-holds',
      provenance: [recorded[0].streamVersion],
    });
    expect(h.state.participants.get('P1')!.totals.committed).toBe(5000000);
    const job13w2 = h.state.ledger.get('aalborg-impact60:P1:JOB_13W:2:1')!;
    expect(job13w2.amount).toBe(0);
    expect(job13w2.reversal).toBeNull();
  });

  it('row 6: weeks 2019-W32..W46 not paid -> SELF_SUPPORT_26W #1 verified anew (W21..W46) on 2019-11-17, 6,000,000, revision 2', () => {
    const all = weekRange(2019, 32, 46).flatMap((week) => h.run(cmd.week('P1', week, false)));
    const outcomes = outcomeEvents(all);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0].data).toMatchObject({
      paymentId: 'aalborg-impact60:P1:SELF_SUPPORT_26W:1:2',
      outcomeCode: 'SELF_SUPPORT_26W',
      occurrence: 1,
      revision: 2,
      achievedOn: '2019-11-17',
      amount: 6000000,
      capReason: null,
    });
    // Provenance: the enrolment and the 26 week records of the streak W21..W46.
    const weekPositions = h.events
      .filter((e) => e.type === 'BenefitWeekRecorded' && e.data.week >= '2019-W21' && e.data.week <= '2019-W46')
      .map((e) => e.streamVersion);
    expect(weekPositions).toHaveLength(26);
    expect(outcomes[0].type === 'OutcomeVerified' && outcomes[0].data.provenance).toEqual([enrolledAt, ...weekPositions]);
    expect(h.state.participants.get('P1')!.totals.committed).toBe(11000000);
    expect(h.state.totals.committed).toBe(11000000);
  });

  it('ends with the ledger of the example', () => {
    const ledger = [...h.state.ledger.values()].map((e) => [e.paymentId, e.amount, e.reversal === null ? 'open' : 'reversed']);
    expect(ledger).toEqual([
      ['aalborg-impact60:P1:JOB_START:1:1', 2000000, 'open'],
      ['aalborg-impact60:P1:JOB_13W:1:1', 3000000, 'open'],
      ['aalborg-impact60:P1:SELF_SUPPORT_26W:1:1', 6000000, 'reversed'],
      ['aalborg-impact60:P1:JOB_13W:2:1', 0, 'open'],
      ['aalborg-impact60:P1:SELF_SUPPORT_26W:1:2', 6000000, 'open'],
    ]);
  });
});
