import type { SettlementView, WhatIfSettlementView } from '#contracts';
import type { SettlementLine } from '#domain';
import { dkk } from './printout.js';

type Figures = Pick<SettlementView, 'terminatedOn' | 'method' | 'status' | 'finalOn' | 'achieved' | 'confirmed' | 'future' | 'due' | 'lines' | 'rates'>;

/** The settlement's totals (DKK), as the finance officer reads them. */
export function settlementTotalLines(title: string, s: Figures): string[] {
  const w = 16;
  const estimated = s.rates.filter((r) => r.source === 'estimated').length;
  return [
    `${title}: terminated effective ${s.terminatedOn}, ${s.method}, ${s.status} (facts accepted until ${s.finalOn})`,
    `  achieved     ${dkk(s.achieved).padStart(w)}   verified outcomes achieved by then, not reversed`,
    `  confirmed    ${dkk(s.confirmed).padStart(w)}   already paid`,
    `  future       ${dkk(s.future).padStart(w)}   ${s.lines.length} lines: next occurrences valued at price × rate (${estimated} of ${s.rates.length} rates estimated from the contract's history)`,
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
        : rate?.source === 'estimated' ? `estimated: ${line.rate.split('/')[0]} of ${line.sampleSize} sample units achieved it in time`
        : rate?.source === 'fallback' && line.sampleSize !== null ? `fallback: only ${line.sampleSize} sample units`
        : rate?.source ?? 'agreed';
      const cutBy = line.cutBy === null ? '' : `, cut by the ${line.cutBy}`;
      return `  ${line.participantId.slice(0, 10)}…  ${line.outcomeCode} #${line.occurrence}: ${line.progress} days in, stage ${line.stage}; ` +
        `rate ${line.rate} (${sample}) → DKK ${dkk(line.amount)}${cutBy}`;
    }),
  ];
}
