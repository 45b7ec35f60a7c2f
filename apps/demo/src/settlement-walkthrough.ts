import type { ContractSummaryView, SettlementComparisonView, SettlementView, WhatIfSettlementView } from '#contracts';
import { PAYMENT_FEED_TYPES } from '#contracts';
import type { DemoClient } from './demo-client.js';
import { FeedFollower, type Held } from './feed-follower.js';
import { dkk } from './printout.js';
import { comparisonLines, explainedLines, settledMoneyLines, settlementTotalLines } from './settlement-printout.js';

export interface SettlementTokens {
  /** Tokens that speak for the contract's commissioner and investor parties (create-token --party). */
  commissioner: string;
  investor: string;
  payments: string;
}

export interface SettlementParties {
  commissioner: string;
  investor: string;
}

interface CommandAnswer {
  events: Array<{ type: string; data: Record<string, unknown> }>;
}

/**
 * The end of the demo's year as an early termination (docs/rules.md §7), with the payment service
 * following the feed alone throughout: what it holds open before; what the investor would be
 * settled if the contract ended today, how sensitive that is and how each method would settle it;
 * the termination; its settlement proposed by the commissioner's party and accepted by the
 * investor's, which supersedes every open amount; the settlement paid; a payment the bank confirms
 * late, the adjustment it makes and its recovery; and the money at the end, with nothing open.
 */
export async function settlementWalkthrough(
  client: DemoClient,
  tokens: SettlementTokens,
  parties: SettlementParties,
  contractId: string,
  terminatedOn: string,
): Promise<string[]> {
  const C = `/contracts/${contractId}`;
  const out: string[] = [];
  const today = new Date().toISOString().slice(0, 10);

  // ---- the payment service before the termination ----
  const payer = new FeedFollower(client, tokens.payments, contractId);
  const first = await payer.read();
  const sum = (hs: Held[]) => hs.reduce((total, h) => total + payer.openAmount(h), 0);
  const dueBefore = payer.inState('due');
  const toRecoverBefore = payer.inState('to-recover');
  out.push(
    `The payment service follows GET ${C}/feed alone: ${first.length} events read; it holds ${payer.inState('paid').length} payments paid, ` +
      `${dueBefore.length} due (DKK ${dkk(sum(dueBefore))}), ${toRecoverBefore.length} to recover (DKK ${dkk(-sum(toRecoverBefore))})`,
  );
  const recovered = toRecoverBefore[0];
  if (recovered !== undefined) {
    await payer.recover(recovered, 'REC-2019-09-0001', terminatedOn);
    out.push(
      `  the DKK ${dkk(recovered.paid)} paid for ${recovered.paymentId}, reversed since, came back: POST …/payments/{paymentId}/recovery → PaymentRecovered`,
    );
  }
  // A payment it sends in its run now, which the bank will confirm only after the agreement.
  const late = dueBefore.filter((h) => h.amount > 0).at(-1);
  if (late !== undefined) out.push(`  it sends ${late.paymentId} (DKK ${dkk(late.amount)}) in its next run; the bank will confirm it late`);

  // ---- what if, side by side ----
  const whatIf = await readWithAllLines<WhatIfSettlementView>(client, tokens.investor, `${C}/settlement/what-if?terminatedOn=${terminatedOn}`);
  out.push('');
  out.push(...settlementTotalLines(`What if the contract ended on ${terminatedOn}? (GET ${C}/settlement/what-if, nothing recorded)`, whatIf));
  out.push(...explainedLines(whatIf));
  const half = await read<WhatIfSettlementView>(client, tokens.investor, `${C}/settlement/what-if?terminatedOn=${terminatedOn}&fallbackRate=1/2`);
  out.push(`  sensitivity: due DKK ${dkk(half.due)} with a fallback rate of 1/2`);
  if (whatIf.lines.some((line) => line.cutBy === 'contract-cap')) {
    out.push(`  (the contract cap binds: the future part is what is left of it, DKK ${dkk(whatIf.future)}, whatever the rates)`);
  }
  const comparison = await read<SettlementComparisonView>(client, tokens.investor, `${C}/settlement/what-if/comparison?terminatedOn=${terminatedOn}`);
  out.push(...comparisonLines(`Each method side by side (GET ${C}/settlement/what-if/comparison)`, comparison));

  // ---- the termination and its settlement ----
  const termination = await client.post<CommandAnswer>(tokens.commissioner, `${C}/termination`, {
    effectiveOn: terminatedOn,
    reason: 'The programme continues as a municipal service',
  });
  const reversed = termination.events.filter((e) => e.type === 'OutcomeReversed').length;
  const settlement = await readWithAllLines<SettlementView>(client, tokens.commissioner, `${C}/settlement`);
  out.push('');
  out.push(...settlementTotalLines(`Terminated (${reversed} occurrence(s) achieved after T reversed); the settlement (GET ${C}/settlement)`, settlement));
  out.push(
    settlement.linesSha256 === whatIf.linesSha256
      ? '  the same figures, line by line, as the what-if showed'
      : `  differs from the what-if (due DKK ${dkk(whatIf.due)}): facts were recorded in between`,
  );
  if (settlement.status === 'final') out.push('  final at once: the synthetic year lies in the past, so its evidence grace is over');
  if (settlement.status !== 'final') return out;

  const proposed = await client.post<CommandAnswer>(tokens.commissioner, `${C}/settlement/proposals`, {});
  const proposalId = proposed.events[0].data.proposalId as number;
  const agreementPath = `${C}/settlement/proposals/${proposalId}/agreement`;
  const own = await client.post<{ error: string }>(tokens.commissioner, agreementPath, {}, 403);
  const accepted = await client.post<CommandAnswer>(tokens.investor, agreementPath, {});
  const agreed = accepted.events.find((e) => e.type === 'SettlementAgreed')?.data as { paymentId: string; amount: number; supersedes: string[] } | undefined;
  if (agreed === undefined) throw new Error(`the investor's acceptance of proposal ${proposalId} did not agree the settlement`);
  const superseded = accepted.events.filter((e) => e.type === 'PaymentSuperseded').map((e) => e.data as { paymentId: string; amount: number });
  const signed = (amounts: number[]) => amounts.reduce((a, b) => a + b, 0);
  // A due amount can be 0 (an occurrence the caps left nothing for); one to recover is below 0.
  const dueSuperseded = superseded.filter((s) => s.amount >= 0).map((s) => s.amount);
  const recoverSuperseded = superseded.filter((s) => s.amount < 0).map((s) => s.amount);
  out.push(
    `  proposed by the commissioner, ${parties.commissioner} (proposal ${proposalId}; by proposing it accepts it: its own acceptance is a 403 ${own.error}), ` +
      `accepted by the investor, ${parties.investor}: agreed`,
  );
  out.push(
    `  the agreement supersedes ${superseded.length} open amounts, DKK ${dkk(signed(superseded.map((s) => s.amount)))} in all ` +
      `(${dueSuperseded.length} due, DKK ${dkk(signed(dueSuperseded))}` +
      `${recoverSuperseded.length === 0 ? '' : `; ${recoverSuperseded.length} to recover, DKK ${dkk(-signed(recoverSuperseded))}`}): ` +
      `its payment ${agreed.paymentId}, DKK ${dkk(agreed.amount)}, pays them instead`,
  );

  // ---- the payment service after the agreement: the feed alone tells it ----
  const after = await payer.readUntil(
    (fresh) =>
      fresh.filter((e) => e.type === PAYMENT_FEED_TYPES.PaymentSuperseded).length >= superseded.length &&
      fresh.some((e) => e.type === PAYMENT_FEED_TYPES.SettlementAgreed),
  );
  const announced = after
    .filter((e) => e.type === PAYMENT_FEED_TYPES.PaymentSuperseded && e.data.settlementPaymentId === agreed.paymentId)
    .map((e) => e.subject);
  const due = after.find((e) => e.type === PAYMENT_FEED_TYPES.SettlementAgreed && e.subject === agreed.paymentId);
  const missing = superseded.filter((s) => !announced.includes(s.paymentId));
  if (due === undefined || missing.length > 0 || announced.length !== superseded.length) {
    throw new Error(
      `the feed did not announce the agreement as it was recorded (settlement.due ${due ? 'read' : 'missing'}, ${missing.length} supersessions missing)`,
    );
  }
  const stillOpen = [...dueBefore, ...toRecoverBefore].filter((h) => h !== recovered && payer.held.get(h.paymentId)?.state !== 'superseded');
  if (stillOpen.length > 0) throw new Error(`${stillOpen.length} amounts the payment service held open are not superseded, e.g. ${stillOpen[0].paymentId}`);
  out.push(
    `  the feed announced it: settlement.due for ${agreed.paymentId} and one payment.superseded per open amount (${announced.length}), each naming it; ` +
      'the payment service pays or collects none of them',
  );

  const settlementHeld = payer.held.get(agreed.paymentId)!;
  const settled =
    settlementHeld.amount >= 0 ? await payer.pay(settlementHeld, 'UDB-SETTLEMENT-1', today) : await payer.recover(settlementHeld, 'REC-SETTLEMENT-1', today);
  out.push(
    `  the payment service ${settlementHeld.amount >= 0 ? 'pays' : 'collects'} the settlement (POST …/payments/${agreed.paymentId}/${settlementHeld.amount >= 0 ? 'confirmation' : 'recovery'}): ${settled.map((e) => e.type).join(', ')}`,
  );

  if (late !== undefined) {
    const confirmed = await payer.pay(late, 'UDB-2019-09-LATE', today);
    const adjustments = (await payer.readUntil((fresh) => fresh.some((e) => e.type === PAYMENT_FEED_TYPES.SettlementAdjusted))).filter(
      (e) => e.type === PAYMENT_FEED_TYPES.SettlementAdjusted,
    );
    const adjustment = adjustments.find((e) => e.data.causePaymentId === late.paymentId);
    if (adjustment === undefined)
      throw new Error(`the late confirmation of ${late.paymentId} made no adjustment in the feed (${confirmed.map((e) => e.type).join(', ')})`);
    out.push(
      `  late, the bank confirms ${late.paymentId}: recorded (${confirmed.map((e) => e.type).join(', ')}); it was superseded, so the money went twice, ` +
        `and the feed announces settlement.adjustment ${adjustment.subject} of DKK ${dkk(adjustment.data.amount)} (${adjustment.data.cause})`,
    );
    const held = payer.held.get(adjustment.subject)!;
    const settledAdjustment = held.amount < 0 ? await payer.recover(held, 'REC-2019-09-0002', today) : await payer.pay(held, 'UDB-ADJUSTMENT-1', today);
    out.push(
      `  the payment service ${held.amount < 0 ? 'collects' : 'pays'} it (POST …/payments/${adjustment.subject}/${held.amount < 0 ? 'recovery' : 'confirmation'}): ${settledAdjustment.map((e) => e.type).join(', ')}`,
    );
  }
  await payer.readUntil(() => [...payer.held.values()].every((h) => payer.openAmount(h) === 0));

  // ---- the money at the end ----
  const summary = await read<ContractSummaryView>(client, tokens.commissioner, C);
  const m = summary.money;
  out.push('');
  out.push(...settledMoneyLines(`Money after the settlement (GET ${C})`, m));
  if (m.paid - m.recovered + m.due - m.toRecover !== m.owed) {
    throw new Error(`paid − recovered + due − toRecover is ${dkk(m.paid - m.recovered + m.due - m.toRecover)}, not owed (${dkk(m.owed)})`);
  }
  const open = [...payer.held.values()].filter((h) => payer.openAmount(h) !== 0);
  if (m.due !== 0 || m.toRecover !== 0 || open.length > 0) {
    throw new Error(`money is still open: due ${dkk(m.due)}, to recover ${dkk(m.toRecover)}; the payment service holds ${open.length} open`);
  }
  out.push(`  paid − recovered + due − to recover = owed, to the øre; nothing is open, in the service or in what the payment service read from the feed`);
  return out;
}

/** A settlement or what-if with every line: its pages followed to the end (each as recorded at the first one's instant). */
async function readWithAllLines<T extends Pick<SettlementView, 'lines' | 'next' | 'hasMore'>>(client: DemoClient, token: string, path: string): Promise<T> {
  const first = await read<T>(client, token, `${path}${path.includes('?') ? '&' : '?'}limit=1000`);
  const lines = [...first.lines];
  let page = first;
  while (page.hasMore) {
    page = await read<T>(client, token, `${path}${path.includes('?') ? '&' : '?'}limit=1000&after=${encodeURIComponent(page.next)}`);
    lines.push(...page.lines);
  }
  return { ...first, lines };
}

async function read<T>(client: DemoClient, token: string, path: string): Promise<T> {
  const response = await client.get<T>(token, path);
  if (response.status !== 200 || response.body === undefined) throw new Error(`GET ${path} answered ${response.status}`);
  return response.body;
}
