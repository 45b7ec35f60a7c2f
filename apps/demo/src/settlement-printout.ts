import type { ContractSummaryView, SettlementComparisonView, SettlementVariantView, SettlementView, WhatIfSettlementView } from '#contracts';
import type { SettlementLine } from '#domain';
import { dkk } from './printout.js';

type Figures = Pick<SettlementView, 'terminatedOn' | 'method' | 'status' | 'finalOn' | 'achieved' | 'confirmed' | 'future' | 'due' | 'lineCount' | 'rates'>;

/** The settlement's totals (DKK), as the finance officer reads them. */
export function settlementTotalLines(title: string, s: Figures): string[] {
  const w = 16;
  const estimated = s.rates.filter((r) => r.source === 'estimated').length;
  return [
    `${title}: terminated effective ${s.terminatedOn}, ${s.method}, ${s.status} (facts accepted until ${s.finalOn})`,
    `  achieved     ${dkk(s.achieved).padStart(w)}   verified outcomes achieved by then, not reversed`,
    `  confirmed    ${dkk(s.confirmed).padStart(w)}   already paid`,
    `  future       ${dkk(s.future).padStart(w)}   ${s.lineCount} lines: next occurrences valued at price × rate (${estimated} of ${s.rates.length} rates estimated from the contract's history)`,
    `  due          ${dkk(s.due).padStart(w)}   achieved − confirmed + future`,
  ];
}

/**
 * A few lines, explained: one per outcome and stage where there is one (a cut line first), so that
 * the reader sees placement starts, sustained jobs and benefit-free streaks at their stages.
 */
export function explainedLines(s: Pick<WhatIfSettlementView, 'lines' | 'rates'>, count = 4): string[] {
  const chosen: SettlementLine[] = [];
  const cut = s.lines.find((line) => line.cutBy !== null);
  if (cut !== undefined) chosen.push(cut);
  for (const line of s.lines) {
    if (chosen.length >= count) break;
    if (!chosen.some((c) => c.outcomeCode === line.outcomeCode && c.stage === line.stage)) chosen.push(line);
  }
  return [
    'Example lines (participant, next occurrence, progress on T, its stage, the rate of that stage, the amount):',
    ...chosen.map((line) => {
      const rate = s.rates.find((r) => r.outcomeCode === line.outcomeCode && r.stage === line.stage);
      const survival = rate?.survival;
      const sample =
        survival !== undefined
          ? `Kaplan–Meier over ${survival.units} sample units, ${survival.events} achieved it within the horizon, ${survival.censored} followed less` +
            (rate?.source === 'fallback' ? '; too few followed to the horizon: fallback' : '')
          : rate?.source === 'estimated'
            ? `estimated: ${line.rate.split('/')[0]} of ${line.sampleSize} sample units achieved it in time`
            : rate?.source === 'fallback' && line.sampleSize !== null
              ? `fallback: only ${line.sampleSize} sample units`
              : (rate?.source ?? 'agreed');
      const cutBy = line.cutBy === null ? '' : `, cut by the ${line.cutBy}`;
      return (
        `  ${line.participantId.slice(0, 10)}…  ${line.outcomeCode} #${line.occurrence}: ${line.progress} days in, stage ${line.stage}; ` +
        `rate ${line.rate} (${sample}) → DKK ${dkk(line.amount)}${cutBy}`
      );
    }),
  ];
}

function variantName(v: SettlementVariantView): string {
  if (v.terms.method === 'tailPeriod') return `tailPeriod, ${v.terms.tailWeeks} weeks`;
  return `expectedValue, ${v.variant === 'kaplanMeier' ? 'Kaplan–Meier' : v.variant} rates`;
}

/** The same cut under each method, one line each: its totals, the contract's own terms first. */
export function comparisonLines(title: string, c: SettlementComparisonView): string[] {
  const w = 15;
  const names = c.variants.map((v) => `${variantName(v)}${v.contractTerms ? ' (the contract’s terms)' : ''}`);
  const n = Math.max(...names.map((name) => name.length));
  return [
    `${title}, DKK:`,
    `  ${''.padEnd(n)}${'achieved'.padStart(w)}${'confirmed'.padStart(w)}${'future'.padStart(w)}${'due'.padStart(w)}`,
    ...c.variants.map(
      (v, i) =>
        `  ${names[i].padEnd(n)}${dkk(v.achieved).padStart(w)}${dkk(v.confirmed).padStart(w)}${dkk(v.future).padStart(w)}${dkk(v.due).padStart(w)}   ${v.lineCount} lines`,
    ),
  ];
}

/** The contract's money once settled: every figure of GET /contracts/{id}'s `money`. */
export function settledMoneyLines(title: string, m: ContractSummaryView['money']): string[] {
  const w = 16;
  const row = (name: string, amount: number, what: string) => `  ${name.padEnd(12)} ${dkk(amount).padStart(w)}   ${what}`;
  return [
    `${title}, DKK:`,
    row('triggered', m.triggered, 'verified outcomes not reversed'),
    row('owed', m.owed, 'what the agreement says: achieved + future'),
    row('paid', m.paid, 'outcome payments, the settlement and adjustments, as the payment service confirmed them'),
    row('recovered', m.recovered, 'money that came back'),
    row('confirmed', m.confirmed, 'paid − recovered'),
    row('due', m.due, 'open: to pay'),
    row('to recover', m.toRecover, 'open: to collect'),
    row('superseded', m.superseded, 'open amounts the agreement netted: the settlement paid them instead'),
    row('net', m.net, 'due − to recover'),
  ];
}
