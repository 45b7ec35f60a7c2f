import { type ContractDefinition, impact60Example } from '#domain';

/** The contract of docs/rules.md §4, with another id when a test needs several. */
export function impact60(contractId = 'aalborg-impact60'): ContractDefinition {
  return impact60Example(contractId);
}

export const SHA = (n: number): string => n.toString(16).padStart(64, '0');

/** Every ISO week from `from` to `to` (same year), e.g. weeks(2019, 6, 31). */
export function weeks(year: number, from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => `${year}-W${String(from + i).padStart(2, '0')}`);
}
