import { cmd, refusal } from '../testing/contract.harness.js';
import { smallSettlementContract, smallSettlementScenario } from '../testing/settlement.scenario.js';

// docs/rules.md §7 "Both parties, each for itself": a termination on terms other than the contract's
// is proposed by one party and takes effect only when the other accepts it. The small scenario's
// parties are the commissioner `c` and the investor `i`.

const T = '2019-03-31';
const tail = { method: 'tailPeriod', tailWeeks: 4 };

describe('a termination on other terms', () => {
  it('cannot be recorded by the commissioner alone: it is proposed, and takes effect when the other party accepts', () => {
    const h = smallSettlementScenario();
    expect(refusal(h, cmd.terminate(T, tail))).toMatchObject({ kind: 'conflict', code: 'termination-terms-not-agreed', field: 'method' });
    const [proposed] = h.run(cmd.proposeTermination('commissioner', T, tail));
    expect(proposed.data).toEqual({
      proposalId: 1,
      effectiveOn: T,
      reason: 'early end',
      method: 'tailPeriod',
      terms: { method: 'tailPeriod', tailWeeks: 4, evidenceGraceWeeks: 9 },
      proposedBy: 'commissioner',
      proposedByParty: 'c',
    });
    expect(h.state.termination).toBeNull();
    const accepted = h.run(cmd.acceptTermination(1, 'investor'));
    expect(accepted.slice(0, 2).map((e) => [e.type, e.data])).toEqual([
      ['TerminationAccepted', { proposalId: 1, party: 'investor', partyId: 'i' }],
      [
        'ContractTerminated',
        {
          effectiveOn: T,
          reason: 'early end',
          method: 'tailPeriod',
          terms: { method: 'tailPeriod', tailWeeks: 4, evidenceGraceWeeks: 9 },
          methodAgreement: { proposalId: 1, proposedBy: { party: 'commissioner', partyId: 'c' }, acceptedBy: { party: 'investor', partyId: 'i' } },
        },
      ],
    ]);
    expect(h.state.termination).toMatchObject({ effectiveOn: T, method: 'tailPeriod' });
    expect(h.run(cmd.acceptTermination(1, 'investor'))).toEqual([]);
  });

  it('may be proposed by the investor too, and accepted by the commissioner', () => {
    const h = smallSettlementScenario();
    h.run(cmd.proposeTermination('investor', T, tail));
    expect(h.run(cmd.acceptTermination(1, 'commissioner'))[1].data).toMatchObject({
      methodAgreement: { proposedBy: { party: 'investor' }, acceptedBy: { party: 'commissioner' } },
    });
  });

  it('reverses, when it takes effect, what its window no longer holds: the reversal cites the termination', () => {
    const h = smallSettlementScenario();
    h.run(cmd.proposeTermination('commissioner', '2019-02-10', { method: 'tailPeriod', tailWeeks: 0 }));
    const accepted = h.run(cmd.acceptTermination(1, 'investor'));
    const terminatedAt = accepted[1].streamVersion;
    const reversals = accepted.filter((e) => e.type === 'OutcomeReversed');
    // P2's START (Feb 11) is after T.
    expect(reversals.map((e) => (e.data as { paymentId: string }).paymentId)).toContain('small-contract:P2:START:1:1');
    for (const reversal of reversals) expect(reversal.data).toMatchObject({ reason: 'achieved-after-termination', provenance: [terminatedAt] });
  });

  it('is the other party’s to accept, with a token of that party', () => {
    const h = smallSettlementScenario();
    h.run(cmd.proposeTermination('commissioner', T, tail));
    expect(refusal(h, cmd.acceptTermination(1, 'commissioner'))).toMatchObject({ kind: 'forbidden', code: 'wrong-party' });
    expect(refusal(h, cmd.acceptTermination(1, 'investor', null))).toMatchObject({ kind: 'forbidden', code: 'party-required' });
    expect(refusal(h, cmd.acceptTermination(1, 'investor', 'another-fund'))).toMatchObject({ kind: 'forbidden', code: 'wrong-party' });
    expect(refusal(h, cmd.proposeTermination('investor', T, tail, null)).message).toContain("the contract's investor party, i");
    expect(h.state.termination).toBeNull();
  });

  it('can be withdrawn by its proposer before it is accepted; then it cannot be accepted', () => {
    const h = smallSettlementScenario();
    h.run(cmd.proposeTermination('commissioner', T, tail));
    expect(refusal(h, cmd.withdrawTermination(1, 'investor'))).toMatchObject({ kind: 'forbidden', code: 'wrong-party' });
    expect(h.run(cmd.withdrawTermination(1, 'commissioner')).map((e) => [e.type, e.data])).toEqual([
      ['TerminationProposalWithdrawn', { proposalId: 1, party: 'commissioner', partyId: 'c' }],
    ]);
    expect(h.run(cmd.withdrawTermination(1, 'commissioner'))).toEqual([]);
    expect(refusal(h, cmd.acceptTermination(1, 'investor'))).toMatchObject({ kind: 'conflict', code: 'termination-proposal-withdrawn', field: 'proposalId' });
    expect(h.state.termination).toBeNull();
  });

  it('only the latest proposal can be accepted, and none once the contract is terminated or amended since', () => {
    const h = smallSettlementScenario();
    h.run(cmd.proposeTermination('commissioner', T, tail));
    h.run(cmd.proposeTermination('investor', T, { method: 'tailPeriod', tailWeeks: 2 }));
    expect(refusal(h, cmd.acceptTermination(1, 'investor'))).toMatchObject({ code: 'termination-proposal-stale' });
    h.run(cmd.amend({ ...smallSettlementContract(), title: 'Small, amended' }));
    expect(refusal(h, cmd.acceptTermination(2, 'commissioner'))).toMatchObject({
      code: 'termination-proposal-stale',
      message: 'The contract was amended after proposal 2; propose again.',
    });
    h.run(cmd.proposeTermination('investor', T, tail));
    h.run(cmd.terminate(T));
    expect(refusal(h, cmd.acceptTermination(3, 'commissioner')).code).toBe('contract-terminated');
    expect(refusal(h, cmd.proposeTermination('investor', T, tail)).code).toBe('contract-terminated');
  });

  it('names what is wrong in a proposal: its date, its terms, an unknown proposal', () => {
    const h = smallSettlementScenario();
    expect(refusal(h, cmd.proposeTermination('commissioner', '2021-01-01', tail))).toMatchObject({ code: 'date-outside-contract', field: 'effectiveOn' });
    expect(refusal(h, cmd.proposeTermination('commissioner', T, { method: 'tailPeriod' }))).toMatchObject({
      code: 'invalid-termination-method',
      field: 'method',
    });
    expect(refusal(h, cmd.proposeTermination('commissioner', T, 'tailPeriod'))).toMatchObject({ code: 'termination-terms-required', field: 'method' });
    expect(refusal(h, cmd.acceptTermination(7, 'investor'))).toMatchObject({ kind: 'not-found', code: 'termination-proposal-not-found', field: 'proposalId' });
    expect(h.run(cmd.proposeTermination('commissioner', T, tail))).toHaveLength(1);
    // The same proposal again by its proposer records nothing.
    expect(h.run(cmd.proposeTermination('commissioner', T, tail))).toEqual([]);
  });

  it('on the contract’s own terms needs no second party, by name or in full', () => {
    const byName = smallSettlementScenario();
    expect(byName.run(cmd.terminate(T, 'expectedValue'))[0].data).not.toHaveProperty('methodAgreement');
    const inFull = smallSettlementScenario();
    inFull.run(cmd.terminate(T, inFull.state.definition!.termination));
    expect(inFull.state.termination?.terms).toEqual(inFull.state.definition!.termination);
  });
});
