import { createHash } from 'node:crypto';
import { cmd } from '../testing/contract.harness.js';
import { smallSettlementScenario } from '../testing/settlement.scenario.js';
import { computeSettlement } from './compute-settlement.js';
import { settlementDigest } from './settlement-digest.js';
import { whatIfSettlement } from '../decider/contract.what-if.js';

const NOW = '2019-04-01T10:00:00Z';

describe('settlementDigest', () => {
  it('is the SHA-256 of the canonical JSON of the totals and the lines', () => {
    const h = smallSettlementScenario();
    h.terminateOnTerms('2019-03-31', { method: 'tailPeriod', tailWeeks: 0 });
    const settlement = computeSettlement(h.state, { now: NOW });
    const json = '{"achieved":11001,"confirmed":0,"due":11001,"future":0,"lines":[]}';
    expect(settlementDigest(settlement)).toBe(createHash('sha256').update(json).digest('hex'));
  });

  it('stays the same for the same money, and changes with any amount', () => {
    const h = smallSettlementScenario();
    const whatIf = whatIfSettlement(h.state, { terminatedOn: '2019-03-31', now: NOW });
    h.run(cmd.terminate('2019-03-31'));
    const provisional = computeSettlement(h.state, { now: NOW });
    const final = computeSettlement(h.state, { now: '2019-12-01T10:00:00Z' });
    expect(settlementDigest(provisional)).toMatch(/^[0-9a-f]{64}$/);
    expect(settlementDigest(final)).toBe(settlementDigest(provisional));
    expect(settlementDigest(whatIf)).toBe(settlementDigest(provisional));

    h.run(cmd.confirm('small-contract:P1:START:1:1', 'pay-1', '2019-04-01'));
    const paid = computeSettlement(h.state, { now: NOW });
    expect(settlementDigest(paid)).not.toBe(settlementDigest(provisional));
    const changedLine = { ...provisional, lines: provisional.lines.map((l, i) => (i === 0 ? { ...l, amount: l.amount - 1 } : l)) };
    expect(settlementDigest(changedLine)).not.toBe(settlementDigest(provisional));
  });
});
