import type { ContractParties } from '#domain';

/** The parties of docs/rules.md §2. Every principal has exactly one. */
export const ROLES = ['commissioner', 'provider', 'investor', 'payment-service', 'auditor', 'evaluator'] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * The roles that are parties of a contract's definition (its `parties`): only a principal of one
 * of these may speak for a named party. (The compiler checks each against ContractParties' keys.)
 */
export const PARTY_ROLES = ['commissioner', 'investor', 'provider'] as const satisfies readonly (keyof ContractParties & Role)[];

export type PartyRole = (typeof PARTY_ROLES)[number];

export function isPartyRole(role: Role): role is PartyRole {
  return (PARTY_ROLES as readonly string[]).includes(role);
}
