import { stringify } from 'csv-stringify/sync';
import { parseFraction, type SettlementLine } from '#domain';

/** The lines' columns, in the JSON's order; the rate also as its two whole numbers, for a spreadsheet that reads "1/4" as a date. */
export const SETTLEMENT_CSV_COLUMNS = [
  'participantId',
  'outcomeCode',
  'occurrence',
  'stage',
  'progress',
  'rate',
  'rateNumerator',
  'rateDenominator',
  'sampleSize',
  'amount',
  'cutBy',
] as const;

/**
 * The settlement's lines as CSV (RFC 4180: a header row, then one row per line, CRLF): amounts in
 * minor units, an absent sample size or cap as an empty cell.
 */
export function settlementLinesCsv(lines: readonly SettlementLine[]): string {
  const rows = lines.map((line) => {
    const { numerator, denominator } = parseFraction(line.rate)!;
    return [
      line.participantId,
      line.outcomeCode,
      line.occurrence,
      line.stage,
      line.progress,
      line.rate,
      numerator,
      denominator,
      line.sampleSize ?? '',
      line.amount,
      line.cutBy ?? '',
    ];
  });
  return stringify([[...SETTLEMENT_CSV_COLUMNS], ...rows], { record_delimiter: 'windows' });
}
