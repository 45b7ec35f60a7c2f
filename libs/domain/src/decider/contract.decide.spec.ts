import { cmd, ContractHarness, impact60Definition, outcomeEvents, weekRange, refusal } from '../testing/contract.harness.js';
import type { ContractCommand } from './contract.commands.js';
import { decide } from './contract.decide.js';
import type { RecordedContractEvent } from './contract.events.js';
import { initialContractState } from './contract.state.js';

function enrolled(participantIds: string[] = ['P1'], definition: unknown = impact60Definition()): ContractHarness {
  const h = new ContractHarness();
  h.run(cmd.register(definition));
  h.run(cmd.activate());
  for (const id of participantIds) {
    h.run(cmd.refer(id));
    h.run(cmd.enrol(id, '2019-01-07'));
  }
  return h;
}

/** Rows 1-3 of the worked example: JOB_START, JOB_13W #1 and SELF_SUPPORT_26W #1 verified. */
function workedExampleRows1to3(h: ContractHarness, id = 'P1'): void {
  h.run(cmd.start(id, 'A', '2019-02-04', 20));
  h.run(cmd.end(id, 'A', '2019-03-10'));
  h.run(cmd.evidence(id, 'A', 'EA', '2019-02-04', '2019-03-10'));
  h.run(cmd.start(id, 'B', '2019-04-01', 30));
  h.run(cmd.evidence(id, 'B', 'EB1', '2019-04-01', '2019-06-30'));
  for (const week of weekRange(2019, 6, 31)) h.run(cmd.week(id, week, false));
}

const outcomes = (events: RecordedContractEvent[]) =>
  outcomeEvents(events).map((e) =>
    e.type === 'OutcomeVerified'
      ? ['verified', e.data.participantId, e.data.outcomeCode, e.data.occurrence, e.data.revision, e.data.achievedOn, e.data.amount, e.data.capReason]
      : ['reversed', e.data.participantId, e.data.outcomeCode, e.data.occurrence, e.data.revision, e.data.amount, e.data.reason],
  );

describe('decide: contract lifecycle', () => {
  it('refuses facts on a stream without a contract, and before activation', () => {
    expect(() => decide({ command: cmd.refer('P1'), state: initialContractState() })).toThrow(expect.objectContaining({ code: 'contract-not-found' }));
    const h = new ContractHarness();
    h.run(cmd.register());
    expect(refusal(h, cmd.refer('P1')).code).toBe('contract-not-active');
    // A contract terminated before it was ever activated accepts no facts either.
    h.run(cmd.terminate('2019-01-01'));
    expect(refusal(h, cmd.refer('P1')).code).toBe('contract-not-active');
  });

  it('registers once: the same definition again is a no-op, another is refused', () => {
    const h = new ContractHarness();
    const [registered] = h.run(cmd.register());
    expect(registered).toMatchObject({ type: 'ContractRegistered', streamVersion: 1, data: { contractId: 'aalborg-impact60' } });
    expect(h.state.termsVersion).toBe(1);
    expect(h.run(cmd.register())).toEqual([]);
    expect(refusal(h, cmd.register({ ...impact60Definition(), title: 'Other' })).code).toBe('contract-already-registered');
  });

  it('refuses an inconsistent definition with every problem listed', () => {
    const h = new ContractHarness();
    const error = refusal(h, cmd.register({ ...impact60Definition(), currency: 'kr', period: { start: '2020-01-01', end: '2019-01-01' } }));
    expect(error.code).toBe('invalid-definition');
    expect(error.details?.map((d) => d.path)).toEqual(['currency', 'period.end']);
    expect(error.message).toMatch(/currency .*period\.end/);
  });

  it('activates once', () => {
    const h = new ContractHarness();
    h.run(cmd.register());
    h.run(cmd.activate('2018-09-01'));
    expect(h.state.status).toBe('active');
    expect(h.run(cmd.activate('2018-09-01'))).toEqual([]);
    expect(refusal(h, cmd.activate('2018-09-02')).code).toBe('contract-already-active');
  });
});

describe('decide: participants and facts', () => {
  it('needs a referral with an accepted intake before enrolment, inside the contract period', () => {
    const h = enrolled([]);
    expect(refusal(h, cmd.enrol('P1', '2019-01-07')).code).toBe('participant-not-referred');
    h.run(cmd.refer('P2', '2018-12-01', 'rejected'));
    expect(refusal(h, cmd.enrol('P2', '2019-01-07')).code).toBe('participant-not-referred');
    h.run(cmd.refer('P1'));
    expect(refusal(h, cmd.enrol('P1', '2018-08-31')).code).toBe('date-outside-contract');
    expect(refusal(h, cmd.enrol('P1', '2018-11-30')).code).toBe('date-before-referral');
    h.run(cmd.enrol('P1', '2019-01-07'));
    expect(h.run(cmd.enrol('P1', '2019-01-07'))).toEqual([]);
    expect(refusal(h, cmd.enrol('P1', '2019-01-08')).code).toBe('participant-already-enrolled');
  });

  it('refuses facts about participants not enrolled, and unknown placements and evidence', () => {
    const h = enrolled();
    expect(refusal(h, cmd.start('P9', 'A', '2019-02-04')).code).toBe('participant-not-enrolled');
    expect(refusal(h, cmd.week('P9', '2019-W06', false)).code).toBe('participant-not-enrolled');
    expect(refusal(h, cmd.end('P1', 'A', '2019-03-10')).code).toBe('placement-not-found');
    expect(refusal(h, cmd.evidence('P1', 'A', 'E1', '2019-02-04', '2019-03-10')).code).toBe('placement-not-found');
    expect(refusal(h, cmd.revoke('P1', 'E1')).code).toBe('evidence-not-found');
    h.run(cmd.start('P1', 'A', '2019-02-04'));
    expect(h.run(cmd.start('P1', 'A', '2019-02-04'))).toEqual([]);
    expect(refusal(h, cmd.start('P1', 'A', '2019-02-05')).code).toBe('placement-already-exists');
    h.run(cmd.evidence('P1', 'A', 'E1', '2019-02-04', '2019-03-10'));
    expect(h.run(cmd.evidence('P1', 'A', 'E1', '2019-02-04', '2019-03-10'))).toEqual([]);
    expect(refusal(h, cmd.evidence('P1', 'A', 'E1', '2019-02-04', '2019-03-11')).code).toBe('evidence-already-exists');
  });

  it('refuses invalid periods, dates, weeks and kinds', () => {
    const h = enrolled();
    h.run(cmd.start('P1', 'A', '2019-02-04'));
    expect(refusal(h, cmd.evidence('P1', 'A', 'E1', '2019-03-10', '2019-03-09'))).toMatchObject({ code: 'invalid-period', field: 'periodTo' });
    expect(refusal(h, cmd.end('P1', 'A', '2019-02-03'))).toMatchObject({ code: 'invalid-period', field: 'endDate' });
    expect(refusal(h, cmd.correct('P1', 'A', { startDate: '2019-03-01', endDate: '2019-02-28' })).code).toBe('invalid-period');
    expect(refusal(h, cmd.withdraw('P1', '2019-01-06')).code).toBe('invalid-period');
    expect(refusal(h, cmd.week('P1', '2019-W53', false))).toMatchObject({ code: 'invalid-week', field: 'week' });
    expect(refusal(h, cmd.start('P1', 'B', '2019-02-30'))).toMatchObject({ code: 'invalid-date', field: 'startDate' });
    expect(refusal(h, cmd.start('P1', 'B', '2019-02-04', 30, 'apprentice' as never))).toMatchObject({ code: 'invalid-kind' });
    expect(refusal(h, cmd.start('P1', 'B', '2019-02-04', -1))).toMatchObject({ code: 'invalid-hours' });
    expect(refusal(h, cmd.start('P1', 'B:x', '2019-02-04'))).toMatchObject({ code: 'invalid-id', field: 'placementId' });
  });

  it('never puts personal data other than the pseudonymous participant id in an error message', () => {
    const h = enrolled();
    const command: ContractCommand = {
      type: 'StartPlacement',
      data: { participantId: 'P1', placementId: 'A', employerRef: 'Jensens Smedie, Ole Jensen', kind: 'ordinary', hoursPerWeek: 30, startDate: '2019-02-30' },
    };
    expect(refusal(h, command).message).not.toMatch(/Jensen/);
  });

  it('ignores repeats that change nothing', () => {
    const h = enrolled();
    h.run(cmd.start('P1', 'A', '2019-02-04'));
    h.run(cmd.end('P1', 'A', '2019-03-10'));
    expect(h.run(cmd.end('P1', 'A', '2019-03-10'))).toEqual([]);
    expect(refusal(h, cmd.end('P1', 'A', '2019-03-11')).code).toBe('placement-already-ended');
    expect(h.run(cmd.correct('P1', 'A', { startDate: '2019-02-04', hoursPerWeek: 30 }))).toEqual([]);
    h.run(cmd.week('P1', '2019-W06', false));
    expect(h.run(cmd.week('P1', '2019-W06', false))).toEqual([]);
    h.run(cmd.evidence('P1', 'A', 'E1', '2019-02-04', '2019-03-10'));
    h.run(cmd.revoke('P1', 'E1'));
    expect(h.run(cmd.revoke('P1', 'E1'))).toEqual([]);
    h.run(cmd.withdraw('P1', '2019-06-01'));
    expect(h.run(cmd.withdraw('P1', '2019-06-01'))).toEqual([]);
  });
});

describe('decide: outcomes', () => {
  it('revoked payroll evidence reverses; new evidence verifies anew under revision 2', () => {
    const h = enrolled();
    h.run(cmd.start('P1', 'A', '2019-02-04', 20));
    expect(outcomes(h.run(cmd.evidence('P1', 'A', 'EA', '2019-02-04', '2019-03-10')))).toEqual([
      ['verified', 'P1', 'JOB_START', 1, 1, '2019-02-04', 2000000, null],
    ]);
    const revoked = h.run(cmd.revoke('P1', 'EA'));
    expect(outcomes(revoked)).toEqual([['reversed', 'P1', 'JOB_START', 1, 1, -2000000, 'no-longer-holds']]);
    expect(h.state.totals.committed).toBe(0);
    const again = h.run(cmd.evidence('P1', 'A', 'EA2', '2019-02-04', '2019-03-10'));
    expect(outcomes(again)).toEqual([['verified', 'P1', 'JOB_START', 1, 2, '2019-02-04', 2000000, null]]);
    expect(again[1].data).toMatchObject({ paymentId: 'aalborg-impact60:P1:JOB_START:1:2' });
  });

  it('a register correction reverses, and a later one restores under a new payment identity', () => {
    const h = enrolled();
    for (const week of weekRange(2019, 6, 31)) h.run(cmd.week('P1', week, false));
    expect(outcomes(h.run(cmd.week('P1', '2019-W10', true)))).toEqual([['reversed', 'P1', 'SELF_SUPPORT_26W', 1, 1, -6000000, 'no-longer-holds']]);
    expect(outcomes(h.run(cmd.week('P1', '2019-W10', false, 'DREAM correction')))).toEqual([
      ['verified', 'P1', 'SELF_SUPPORT_26W', 1, 2, '2019-08-04', 6000000, null],
    ]);
  });

  it('a placement correction that moves the start date keeps the occurrence: no reversal, same identity', () => {
    const h = enrolled();
    h.run(cmd.start('P1', 'A', '2019-02-04', 20));
    h.run(cmd.evidence('P1', 'A', 'EA', '2019-02-01', '2019-03-31'));
    expect(h.state.ledger.get('aalborg-impact60:P1:JOB_START:1:1')?.achievedOn).toBe('2019-02-04');
    const corrected = h.run(cmd.correct('P1', 'A', { startDate: '2019-02-11' }));
    expect(corrected.map((e) => e.type)).toEqual(['PlacementCorrected']);
    expect(corrected[0].data).toEqual({ participantId: 'P1', placementId: 'A', startDate: '2019-02-11', reason: 'register correction' });
    expect([...h.state.ledger.keys()]).toEqual(['aalborg-impact60:P1:JOB_START:1:1']);
    // Moving the start before any evidence means it no longer holds.
    expect(outcomes(h.run(cmd.correct('P1', 'A', { startDate: '2019-01-28' })))).toEqual([['reversed', 'P1', 'JOB_START', 1, 1, -2000000, 'no-longer-holds']]);
  });

  it('several occurrences from one fact are verified in order of achievement date', () => {
    const h = enrolled();
    h.run(cmd.start('P1', 'B', '2019-02-04', 30));
    const recorded = h.run(cmd.evidence('P1', 'B', 'EB', '2019-02-04', '2019-08-31'));
    expect(outcomes(recorded)).toEqual([
      ['verified', 'P1', 'JOB_START', 1, 1, '2019-02-04', 2000000, null],
      ['verified', 'P1', 'JOB_13W', 1, 1, '2019-05-05', 3000000, null],
      ['verified', 'P1', 'JOB_13W', 2, 1, '2019-08-04', 3000000, null],
    ]);
  });

  it('caps a second participant by the contract headroom', () => {
    const definition = { ...impact60Definition(), caps: { perParticipant: 11000000, total: 15000000 } };
    const h = enrolled(['P1', 'P2'], definition);
    workedExampleRows1to3(h, 'P1');
    expect(h.state.totals.committed).toBe(11000000);
    h.run(cmd.start('P2', 'A', '2019-02-04', 30));
    const recorded = h.run(cmd.evidence('P2', 'A', 'E', '2019-02-04', '2019-05-31'));
    expect(outcomes(recorded)).toEqual([
      ['verified', 'P2', 'JOB_START', 1, 1, '2019-02-04', 2000000, null],
      ['verified', 'P2', 'JOB_13W', 1, 1, '2019-05-05', 2000000, 'contract-cap'],
    ]);
    expect(h.state.totals.committed).toBe(15000000);
    // A reversal gives headroom back, but a capped occurrence is never topped up.
    h.run(cmd.week('P1', '2019-W20', true));
    expect(h.state.totals.committed).toBe(9000000);
    expect(h.state.ledger.get('aalborg-impact60:P2:JOB_13W:1:1')?.amount).toBe(2000000);
  });

  it('a retroactive withdrawal reverses what was achieved on or after the withdrawal date', () => {
    const h = enrolled();
    workedExampleRows1to3(h);
    // The week ending Sunday 2019-08-04 no longer counts when withdrawnOn is that Sunday.
    expect(outcomes(h.run(cmd.withdraw('P1', '2019-08-04')))).toEqual([['reversed', 'P1', 'SELF_SUPPORT_26W', 1, 1, -6000000, 'no-longer-holds']]);
  });

  it('payments are confirmed once; a repeat is a no-op and another reference is refused', () => {
    const h = enrolled();
    h.run(cmd.start('P1', 'A', '2019-02-04', 20));
    h.run(cmd.evidence('P1', 'A', 'EA', '2019-02-04', '2019-03-10'));
    const paymentId = 'aalborg-impact60:P1:JOB_START:1:1';
    expect(refusal(h, cmd.confirm('aalborg-impact60:P1:JOB_START:1:9', 'BANK-1')).code).toBe('payment-not-found');
    const [confirmed] = h.run(cmd.confirm(paymentId, 'BANK-1'));
    expect(confirmed.data).toEqual({ paymentId, reference: 'BANK-1', confirmedOn: '2019-12-01', amount: 2000000 });
    expect(h.run(cmd.confirm(paymentId, 'BANK-1'))).toEqual([]);
    expect(refusal(h, cmd.confirm(paymentId, 'BANK-2')).code).toBe('payment-already-confirmed');
    expect(h.state.totals).toEqual({ committed: 2000000, confirmed: 2000000 });
    expect(h.state.participants.get('P1')?.totals).toEqual({ committed: 2000000, confirmed: 2000000 });
  });
});

describe('decide: amendments', () => {
  it('a new price applies only to verifications after the amendment', () => {
    const h = enrolled();
    h.run(cmd.start('P1', 'A', '2019-02-04', 20));
    h.run(cmd.end('P1', 'A', '2019-03-10'));
    h.run(cmd.evidence('P1', 'A', 'EA', '2019-02-04', '2019-03-10'));
    const amended = impact60Definition();
    amended.outcomes[0].price = 2500000;
    amended.outcomes[1].price = 3500000;
    const events = h.run(cmd.amend(amended));
    expect(events.map((e) => e.type)).toEqual(['ContractAmended']);
    expect(events[0].data).toMatchObject({ termsVersion: 2, reason: 'agreed change' });
    h.run(cmd.start('P1', 'B', '2019-04-01', 30));
    const [, verified] = h.run(cmd.evidence('P1', 'B', 'EB1', '2019-04-01', '2019-06-30'));
    expect(verified.data).toMatchObject({ outcomeCode: 'JOB_13W', price: 3500000, amount: 3500000, termsVersion: 2 });
    expect(h.state.ledger.get('aalborg-impact60:P1:JOB_START:1:1')).toMatchObject({ price: 2000000, amount: 2000000, termsVersion: 1 });
    expect(h.state.terms.map((t) => t.termsVersion)).toEqual([1, 2]);
  });

  it('verifies at once what an amendment newly allows, and refuses one that would take anything back', () => {
    const h = enrolled();
    h.run(cmd.start('P1', 'A', '2019-02-04', 20));
    h.run(cmd.evidence('P1', 'A', 'EA', '2019-02-04', '2019-03-10'));
    h.run(cmd.start('P1', 'B', '2019-04-01', 30));
    h.run(cmd.evidence('P1', 'B', 'EB', '2019-04-01', '2019-04-30'));
    const twoStarts = impact60Definition();
    twoStarts.outcomes[0].maxPerParticipant = 2;
    expect(outcomes(h.run(cmd.amend(twoStarts)))).toEqual([['verified', 'P1', 'JOB_START', 2, 1, '2019-04-01', 2000000, null]]);
    const oneStart = impact60Definition();
    expect(refusal(h, cmd.amend(oneStart)).code).toBe('amendment-would-reverse');
    expect(refusal(h, cmd.amend({ ...twoStarts, currency: 'EUR' })).code).toBe('amendment-not-allowed');
    expect(refusal(h, cmd.amend({ ...twoStarts, contractId: 'other-contract' })).code).toBe('amendment-not-allowed');
    expect(h.run(cmd.amend(twoStarts))).toEqual([]);
  });
});

describe('decide: termination', () => {
  it('expectedValue: the window ends at T; occurrences achieved after T are reversed at the termination', () => {
    const h = enrolled(['P1', 'P2']);
    workedExampleRows1to3(h, 'P1');
    h.run(cmd.evidence('P1', 'B', 'EB2', '2019-07-01', '2019-08-25')); // JOB_13W #2 at 0 (cap)
    const events = h.run(cmd.terminate('2019-06-30'));
    expect(events[0]).toMatchObject({ type: 'ContractTerminated', data: { effectiveOn: '2019-06-30', method: 'expectedValue' } });
    expect(outcomes(events)).toEqual([
      ['reversed', 'P1', 'SELF_SUPPORT_26W', 1, 1, -6000000, 'achieved-after-termination'],
      ['reversed', 'P1', 'JOB_13W', 2, 1, 0, 'achieved-after-termination'],
    ]);
    expect(h.state.status).toBe('terminated');
    expect(h.state.totals.committed).toBe(5000000);
    // Later facts still verify what was achieved by T, nothing after it.
    h.run(cmd.start('P2', 'A', '2019-06-01', 30));
    expect(outcomes(h.run(cmd.evidence('P2', 'A', 'E', '2019-06-01', '2019-12-31')))).toEqual([
      ['verified', 'P2', 'JOB_START', 1, 1, '2019-06-01', 2000000, null],
    ]);
    // No one is enrolled after T.
    h.run(cmd.refer('P3', '2019-06-01'));
    expect(refusal(h, cmd.enrol('P3', '2019-07-01')).code).toBe('contract-terminated');
    expect(refusal(h, cmd.terminate('2019-07-31')).code).toBe('contract-terminated');
    expect(h.run(cmd.terminate('2019-06-30'))).toEqual([]);
  });

  it('tailPeriod: participants keep earning until T + tailWeeks*7 days, and facts are refused after the grace', () => {
    const h = enrolled();
    h.run(cmd.start('P1', 'A', '2019-02-04', 20));
    h.run(cmd.end('P1', 'A', '2019-03-10'));
    h.run(cmd.evidence('P1', 'A', 'EA', '2019-02-04', '2019-03-10'));
    expect(refusal(h, cmd.terminate('2019-06-30', 'tailPeriod')).code).toBe('termination-terms-required');
    // Other terms than the contract's are not the commissioner's alone to set.
    expect(refusal(h, cmd.terminate('2019-06-30', { method: 'tailPeriod', tailWeeks: 8 }))).toMatchObject({
      code: 'termination-terms-not-agreed',
      field: 'method',
    });
    const events = h.terminateOnTerms('2019-06-30', { method: 'tailPeriod', tailWeeks: 8 });
    expect(events.map((e) => e.type).slice(0, 3)).toEqual(['TerminationProposed', 'TerminationAccepted', 'ContractTerminated']);
    expect(events[2].data).toEqual({
      effectiveOn: '2019-06-30',
      reason: 'early end',
      method: 'tailPeriod',
      terms: { method: 'tailPeriod', tailWeeks: 8, evidenceGraceWeeks: 9 },
      methodAgreement: {
        proposalId: 1,
        proposedBy: { party: 'commissioner', partyId: 'aalborg-kommune' },
        acceptedBy: { party: 'investor', partyId: 'den-sociale-kapitalfond' },
      },
    });
    // The tail ends 2019-08-25: JOB_13W #2 on that very day still counts.
    h.run(cmd.start('P1', 'B', '2019-04-01', 30));
    const verified = outcomes(h.run(cmd.evidence('P1', 'B', 'EB', '2019-04-01', '2019-12-31')));
    expect(verified).toEqual([
      ['verified', 'P1', 'JOB_13W', 1, 1, '2019-05-26', 3000000, null],
      ['verified', 'P1', 'JOB_13W', 2, 1, '2019-08-25', 3000000, null],
    ]);
    for (const week of weekRange(2019, 6, 31)) h.run(cmd.week('P1', week, false));
    expect(h.state.ledger.get('aalborg-impact60:P1:SELF_SUPPORT_26W:1:1')?.achievedOn).toBe('2019-08-04');
    // Grace ends 2019-08-25 + 9 weeks = 2019-10-27 (Copenhagen date of the recording instant).
    expect(h.run(cmd.week('P1', '2019-W32', false), '2019-10-27T21:30:00Z')).toHaveLength(1);
    expect(refusal(h, cmd.week('P1', '2019-W33', false), '2019-10-27T23:30:00Z').code).toBe('contract-terminated');
  });

  it('refuses an effective date outside the contract period', () => {
    const h = enrolled();
    expect(refusal(h, cmd.terminate('2023-01-01')).code).toBe('date-outside-contract');
  });
});
