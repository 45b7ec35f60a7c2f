import type { SettlementView, WhatIfSettlementView } from '#contracts';
import type { DemoClient } from './demo-client.js';
import { dkk } from './printout.js';
import { explainedLines, settlementTotalLines } from './settlement-printout.js';

export interface SettlementTokens {
  commissioner: string;
  investor: string;
  payments: string;
}

interface FeedPage {
  events: Array<{ type: string; subject: string; data: { amount: number; paymentId: string } }>;
  next: string;
  hasMore: boolean;
}

/**
 * The end of the demo's year as an early termination (§7): what the investor would be settled if the
 * contract ended today, how sensitive that is, then the termination itself, its settlement proposed
 * and agreed by both parties, and paid through the payment feed.
 */
export async function settlementWalkthrough(client: DemoClient, tokens: SettlementTokens, contractId: string, terminatedOn: string): Promise<string[]> {
  const C = `/contracts/${contractId}`;
  const out: string[] = [];
  const whatIf = await read<WhatIfSettlementView>(client, tokens.investor, `${C}/settlement/what-if?terminatedOn=${terminatedOn}`);
  out.push(...settlementTotalLines(`What if the contract ended on ${terminatedOn}? (GET ${C}/settlement/what-if, nothing recorded)`, whatIf));
  out.push(...explainedLines(whatIf));
  const half = await read<WhatIfSettlementView>(client, tokens.investor, `${C}/settlement/what-if?terminatedOn=${terminatedOn}&fallbackRate=1/2`);
  const tail = await read<WhatIfSettlementView>(client, tokens.investor, `${C}/settlement/what-if?terminatedOn=${terminatedOn}&method=tailPeriod`);
  out.push(`  sensitivity: due DKK ${dkk(half.due)} with a fallback rate of 1/2; DKK ${dkk(tail.due)} under a tail period of ${tail.terms.method === 'tailPeriod' ? tail.terms.tailWeeks : '?'} weeks instead`);
  if (whatIf.lines.some((line) => line.cutBy === 'contract-cap')) {
    out.push(`  (the contract cap binds: the future part is what is left of it, DKK ${dkk(whatIf.future)}, whatever the rates)`);
  }

  const termination = await client.post<{ events: Array<{ type: string }> }>(tokens.commissioner, `${C}/termination`, {
    effectiveOn: terminatedOn,
    reason: 'The programme continues as a municipal service',
  });
  const reversed = termination.events.filter((e) => e.type === 'OutcomeReversed').length;
  const settlement = await read<SettlementView>(client, tokens.commissioner, `${C}/settlement`);
  out.push('');
  out.push(...settlementTotalLines(`Terminated (${reversed} occurrence(s) achieved after T reversed); the settlement (GET ${C}/settlement)`, settlement));
  out.push(
    settlement.linesSha256 === whatIf.linesSha256
      ? '  the same figures, line by line, as the what-if showed'
      : `  differs from the what-if (due DKK ${dkk(whatIf.due)}): facts were recorded in between`,
  );
  if (settlement.status === 'final') out.push('  final at once: the synthetic year lies in the past, so its evidence grace is over');
  if (settlement.status !== 'final') return out;

  const proposed = await client.post<{ events: Array<{ data: { proposalId: number } }> }>(tokens.commissioner, `${C}/settlement/proposals`, {});
  const proposalId = proposed.events[0].data.proposalId;
  await client.post(tokens.commissioner, `${C}/settlement/proposals/${proposalId}/agreement`, {});
  await client.post(tokens.investor, `${C}/settlement/proposals/${proposalId}/agreement`, {});
  const due = await findInFeed(client, tokens.payments, `${C}/feed`, 'dk.outcome-verification.settlement.due.v1');
  if (due === undefined) throw new Error('the agreed settlement is not in the payment feed');
  await client.post(tokens.payments, `${C}/payments/${encodeURIComponent(due.subject)}/confirmation`, { reference: 'UDB-SETTLEMENT-1', confirmedOn: new Date().toISOString().slice(0, 10) });
  out.push(
    `  proposed by the commissioner (proposal ${proposalId}), agreed by the commissioner and the investor; the feed's settlement.due ` +
      `${due.subject} of DKK ${dkk(due.data.amount)} confirmed by the payment service`,
  );
  return out;
}

async function read<T>(client: DemoClient, token: string, path: string): Promise<T> {
  const response = await client.get<T>(token, path);
  if (response.status !== 200 || response.body === undefined) throw new Error(`GET ${path} answered ${response.status}`);
  return response.body;
}

/** Reads the feed from its start, as the payment service would, up to the first event of a type. */
async function findInFeed(client: DemoClient, token: string, path: string, type: string): Promise<FeedPage['events'][number] | undefined> {
  let after: string | undefined;
  for (;;) {
    const page = await read<FeedPage>(client, token, `${path}?limit=1000${after === undefined ? '' : `&after=${encodeURIComponent(after)}`}`);
    const found = page.events.find((e) => e.type === type);
    if (found !== undefined || !page.hasMore) return found;
    after = page.next;
  }
}
