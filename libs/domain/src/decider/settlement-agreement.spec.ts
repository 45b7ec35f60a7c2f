import { computeSettlement } from '../settlement/compute-settlement.js';
import { settlementDigest } from '../settlement/settlement-digest.js';
import { cmd, type ContractHarness, refusal } from '../testing/contract.harness.js';
import { smallSettlementScenario } from '../testing/settlement.scenario.js';
import { IMPORTABLE_COMMAND_TYPES } from './command-catalogue.js';
import { decide } from './contract.decide.js';
import { evolve } from './contract.evolve.js';
import { cloneContractState } from './contract.state.js';

// The small scenario is terminated effective 2019-03-31 under expectedValue with 9 weeks of grace:
// facts are taken until 2019-06-02, and the settlement is final from 2019-06-03. Its parties are
// the commissioner `c` and the investor `i`; the ContractHarness speaks as them unless told otherwise.
const T = '2019-03-31';
const DURING_GRACE = '2019-04-01T10:00:00Z';
const AFTER_GRACE = '2019-07-01T10:00:00Z';

function terminated(): ContractHarness {
  const h = smallSettlementScenario();
  h.run(cmd.terminate(T));
  return h;
}

const types = (events: readonly { type: string }[]) => events.map((e) => e.type);

describe('proposing a settlement', () => {
  it('needs a terminated contract', () => {
    const h = smallSettlementScenario();
    expect(refusal(h, cmd.propose()).code).toBe('contract-not-terminated');
  });

  it('records the settlement as computed at the recording instant, and the party that proposed it', () => {
    const h = terminated();
    const expected = computeSettlement(h.state, { now: DURING_GRACE });
    const [proposed] = h.run(cmd.propose('investor'), DURING_GRACE);
    expect(proposed).toMatchObject({
      type: 'SettlementProposed',
      data: {
        proposalId: 1,
        computedAtVersion: expected.computedAtVersion,
        terminatedOn: T,
        method: 'expectedValue',
        status: 'provisional',
        achieved: expected.achieved,
        confirmed: 0,
        future: expected.future,
        due: expected.due,
        linesSha256: settlementDigest(expected),
        proposedBy: 'investor',
        proposedByParty: 'i',
      },
    });
    expect(expected.future).toBeGreaterThan(0);
    expect(h.state.settlement.proposals).toHaveLength(1);
  });

  it('records nothing when the proposer proposes the same again; the other party is told to accept it instead', () => {
    const h = terminated();
    h.run(cmd.propose('commissioner'), DURING_GRACE);
    expect(h.run(cmd.propose('commissioner'), DURING_GRACE)).toEqual([]);
    const open = refusal(h, cmd.propose('investor'), AFTER_GRACE);
    expect(open).toMatchObject({ kind: 'conflict', code: 'settlement-proposal-open' });
    expect(open.message).toContain('Proposal 1 of the commissioner party');
    expect(h.state.settlement.proposals.map((p) => p.proposalId)).toEqual([1]);
  });

  it('is said by a named party of the contract: a token of no party, or of another, is refused naming the party needed', () => {
    const h = terminated();
    expect(refusal(h, cmd.propose('commissioner', null), DURING_GRACE)).toMatchObject({ kind: 'forbidden', code: 'party-required' });
    expect(refusal(h, cmd.propose('commissioner', null), DURING_GRACE).message).toContain("the contract's commissioner party, c");
    const wrong = refusal(h, cmd.propose('investor', 'another-fund'), DURING_GRACE);
    expect(wrong).toMatchObject({ kind: 'forbidden', code: 'wrong-party' });
    expect(wrong.message).toBe("This is for the contract's investor party, i, to say; this token speaks for another-fund.");
    // The commissioner's party id does not speak for the investor.
    expect(refusal(h, cmd.propose('investor', 'c'), DURING_GRACE).code).toBe('wrong-party');
    expect(h.state.settlement.proposals).toHaveLength(0);
  });

  it('is decided at the recording instant and by a party that agrees settlements', () => {
    const h = terminated();
    expect(() => decide({ command: cmd.propose('commissioner', 'c'), state: h.state })).toThrow(
      expect.objectContaining({ code: 'invalid-command', field: 'now' }),
    );
    expect(refusal(h, { type: 'ProposeSettlement', data: { party: 'provider' as never, partyId: 'p' } })).toMatchObject({
      code: 'invalid-field',
      field: 'party',
    });
  });
});

describe('accepting a settlement proposal', () => {
  it('is refused while the settlement is provisional: a late fact may still change it', () => {
    const h = terminated();
    h.run(cmd.propose(), DURING_GRACE);
    const error = refusal(h, cmd.agree(1, 'investor'), DURING_GRACE);
    expect(error.code).toBe('settlement-not-final');
    expect(error.message).toContain('2019-06-03');
  });

  it('is the other party’s: the proposer accepted by proposing, and cannot accept for the other', () => {
    const h = terminated();
    h.run(cmd.propose('commissioner'), DURING_GRACE);
    const own = refusal(h, cmd.agree(1, 'commissioner'), AFTER_GRACE);
    expect(own).toMatchObject({ kind: 'forbidden', code: 'wrong-party' });
    expect(own.message).toBe('Proposal 1 was made by the commissioner party, c, which accepted it by making it; the investor party, i, accepts it.');
    expect(refusal(h, cmd.agree(1, 'investor', null), AFTER_GRACE).code).toBe('party-required');
    expect(h.state.settlement.agreement).toBeNull();
  });

  it('by the other party agrees it: its payment identity, listing what it supersedes', () => {
    const h = terminated();
    h.run(cmd.propose('commissioner'), DURING_GRACE);
    const settlement = computeSettlement(h.state, { now: AFTER_GRACE });
    const events = h.run(cmd.agree(1, 'investor'), AFTER_GRACE);
    // The small scenario's verified outcomes are all unpaid: each is superseded.
    const open = [...h.state.ledger.keys()];
    expect(open.length).toBeGreaterThan(0);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['SettlementAccepted', { proposalId: 1, party: 'investor', partyId: 'i' }],
      [
        'SettlementAgreed',
        {
          proposalId: 1,
          paymentId: 'small-contract:settlement:1',
          amount: settlement.due,
          currency: 'DKK',
          terminatedOn: T,
          method: 'expectedValue',
          linesSha256: settlementDigest(settlement),
          supersedes: open,
        },
      ],
      ...open.map((paymentId) => [
        'PaymentSuperseded',
        { paymentId, settlementPaymentId: 'small-contract:settlement:1', amount: h.state.ledger.get(paymentId)!.amount },
      ]),
    ]);
    expect(h.state.settlement.agreement).toMatchObject({ proposalId: 1, amount: settlement.due });
  });

  it('is idempotent: either party again after the agreement records nothing', () => {
    const h = terminated();
    h.run(cmd.propose('commissioner'), DURING_GRACE);
    h.run(cmd.agree(1, 'investor'), AFTER_GRACE);
    expect(h.run(cmd.agree(1, 'investor'), AFTER_GRACE)).toEqual([]);
    expect(h.run(cmd.agree(1, 'commissioner'), AFTER_GRACE)).toEqual([]);
  });

  it('is refused for a proposal a later fact has made stale, saying so; the new proposal can be accepted', () => {
    const h = terminated();
    h.run(cmd.propose('commissioner'), DURING_GRACE);
    // During the grace: more payroll evidence for P2, dated before T, verifies SUST #1 and #2.
    const late = h.run(cmd.evidence('P2', 'B', 'EB2', '2019-02-21', '2019-03-31'), DURING_GRACE);
    expect(types(late)).toEqual(['PayrollEvidenceRecorded', 'OutcomeVerified', 'OutcomeVerified']);
    const stale = refusal(h, cmd.agree(1, 'investor'), AFTER_GRACE);
    expect(stale).toMatchObject({ code: 'settlement-proposal-stale', field: 'proposalId' });
    expect(stale.message).toBe('A later fact changed the settlement since proposal 1; propose again.');

    const [second] = h.run(cmd.propose('investor'), AFTER_GRACE);
    expect(second.data).toMatchObject({ proposalId: 2, status: 'final', proposedBy: 'investor' });
    expect(refusal(h, cmd.agree(1, 'investor'), AFTER_GRACE).code).toBe('settlement-proposal-stale');
    const agreed = h.run(cmd.agree(2, 'commissioner'), AFTER_GRACE);
    expect(agreed[1].data).toMatchObject({ proposalId: 2, paymentId: 'small-contract:settlement:2' });
  });

  it('is accepted after the grace period, when participant facts no longer are', () => {
    const h = terminated();
    expect(refusal(h, cmd.week('P1', '2019-W13', false), AFTER_GRACE).code).toBe('contract-terminated');
    expect(types(h.run(cmd.propose('investor'), AFTER_GRACE))).toEqual(['SettlementProposed']);
    expect(types(h.run(cmd.agree(1, 'commissioner'), AFTER_GRACE)).slice(0, 2)).toEqual(['SettlementAccepted', 'SettlementAgreed']);
  });

  it('names what is wrong: an unknown proposal, a proposal id that is not one, a party that agrees no settlement', () => {
    const h = terminated();
    h.run(cmd.propose(), AFTER_GRACE);
    expect(refusal(h, cmd.agree(2, 'investor'), AFTER_GRACE)).toMatchObject({ code: 'settlement-proposal-not-found', field: 'proposalId' });
    expect(refusal(h, cmd.agree(0, 'investor'), AFTER_GRACE)).toMatchObject({ code: 'invalid-field', field: 'proposalId' });
    expect(refusal(h, { type: 'AgreeSettlement', data: { proposalId: '1' as never, party: 'investor', partyId: 'i' } })).toMatchObject({ field: 'proposalId' });
    expect(refusal(h, { type: 'AgreeSettlement', data: { proposalId: 1, party: 'auditor' as never, partyId: 'i' } })).toMatchObject({ field: 'party' });
  });

  it('once agreed, settles the settlement: a later payment cannot be proposed as a second one', () => {
    const h = terminated();
    h.run(cmd.propose(), AFTER_GRACE);
    h.run(cmd.agree(1, 'investor'), AFTER_GRACE);
    h.run(cmd.confirm('small-contract:P1:START:1:1', 'pay-1', '2019-07-01'), AFTER_GRACE);
    expect(refusal(h, cmd.propose('investor'), AFTER_GRACE).code).toBe('settlement-already-agreed');
    expect(h.run(cmd.agree(1, 'investor'), AFTER_GRACE)).toEqual([]);
  });

  it('cannot be imported in bulk', () => {
    for (const type of ['ProposeSettlement', 'AgreeSettlement', 'WithdrawSettlementProposal'] as const) expect(IMPORTABLE_COMMAND_TYPES).not.toContain(type);
  });
});

describe('withdrawing a settlement proposal', () => {
  it('is its proposer’s, before it is accepted; it can then not be accepted, and a new one can be made', () => {
    const h = terminated();
    h.run(cmd.propose('commissioner'), DURING_GRACE);
    expect(refusal(h, cmd.withdrawProposal(1, 'investor'), DURING_GRACE)).toMatchObject({ kind: 'forbidden', code: 'wrong-party' });
    expect(h.run(cmd.withdrawProposal(1, 'commissioner'), DURING_GRACE).map((e) => [e.type, e.data])).toEqual([
      ['SettlementProposalWithdrawn', { proposalId: 1, party: 'commissioner', partyId: 'c' }],
    ]);
    expect(h.run(cmd.withdrawProposal(1, 'commissioner'), DURING_GRACE)).toEqual([]);
    const withdrawn = refusal(h, cmd.agree(1, 'investor'), AFTER_GRACE);
    expect(withdrawn).toMatchObject({ kind: 'conflict', code: 'settlement-proposal-withdrawn', field: 'proposalId' });
    // The same settlement can be proposed again, by either party.
    expect(h.run(cmd.propose('investor'), AFTER_GRACE)[0].data).toMatchObject({ proposalId: 2, proposedBy: 'investor' });
    expect(types(h.run(cmd.agree(2, 'commissioner'), AFTER_GRACE)).slice(0, 2)).toEqual(['SettlementAccepted', 'SettlementAgreed']);
  });

  it('is refused once the proposal was accepted, naming that', () => {
    const h = terminated();
    h.run(cmd.propose('commissioner'), AFTER_GRACE);
    h.run(cmd.agree(1, 'investor'), AFTER_GRACE);
    const error = refusal(h, cmd.withdrawProposal(1, 'commissioner'), AFTER_GRACE);
    expect(error).toMatchObject({ kind: 'conflict', code: 'settlement-proposal-accepted' });
    expect(error.message).toContain('accepted by the investor party, i');
  });
});

describe('paying an agreed settlement', () => {
  function agreed(): ContractHarness {
    const h = terminated();
    h.run(cmd.propose(), AFTER_GRACE);
    h.run(cmd.agree(1, 'investor'), AFTER_GRACE);
    return h;
  }

  it('is the confirmation of its payment identity: SettlementPaid with the agreed amount', () => {
    const h = agreed();
    const due = h.state.settlement.agreement!.amount;
    const events = h.run(cmd.confirm('small-contract:settlement:1', 'UDB-2019-07-0001', '2019-07-05'), AFTER_GRACE);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['SettlementPaid', { paymentId: 'small-contract:settlement:1', reference: 'UDB-2019-07-0001', confirmedOn: '2019-07-05', amount: due }],
    ]);
    expect(h.state.settlement.payment).toMatchObject({ reference: 'UDB-2019-07-0001', amount: due });
    // The settlement pays what the outcome payments left open; it is not one of them.
    expect(h.state.totals.confirmed).toBe(0);
  });

  it('is idempotent by payment identity: the same reference records nothing, another is refused', () => {
    const h = agreed();
    h.run(cmd.confirm('small-contract:settlement:1', 'UDB-1'), AFTER_GRACE);
    expect(h.run(cmd.confirm('small-contract:settlement:1', 'UDB-1'), AFTER_GRACE)).toEqual([]);
    expect(refusal(h, cmd.confirm('small-contract:settlement:1', 'UDB-2'), AFTER_GRACE)).toMatchObject({
      code: 'payment-already-confirmed',
      field: 'reference',
    });
  });

  it('has no payment before the agreement, and leaves outcome confirmations as they were', () => {
    const h = terminated();
    h.run(cmd.propose(), AFTER_GRACE);
    expect(refusal(h, cmd.confirm('small-contract:settlement:1', 'UDB-1'), AFTER_GRACE).code).toBe('payment-not-found');
    expect(types(h.run(cmd.confirm('small-contract:P1:START:1:1', 'pay-1'), AFTER_GRACE))).toEqual(['PaymentConfirmed']);
  });
});

describe('the settlement record in the state', () => {
  it('is not changed by evolving a copy', () => {
    const h = terminated();
    const copy = cloneContractState(h.state);
    const [proposed] = decide({ command: cmd.propose('commissioner', 'c'), state: copy, now: DURING_GRACE });
    evolve(copy, { ...proposed, streamVersion: copy.version + 1, recordedAt: DURING_GRACE });
    expect(copy.settlement.proposals).toHaveLength(1);
    expect(h.state.settlement.proposals).toHaveLength(0);
  });
});
