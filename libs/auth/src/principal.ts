import { CONTRACT_ID_PATTERN, CONTRACT_ID_SHAPE, containsCprShaped } from '#domain';
import { isRole, ROLES, type Role } from './role.js';

/**
 * Who makes a request: a named party (`aalborg-kommune`), its role, and the contracts it is scoped
 * to (`'*'`: all contracts, e.g. an auditor or the payment service of a whole municipality).
 */
export interface Principal {
  name: string;
  role: Role;
  contracts: readonly string[] | '*';
  /** The party of a contract's definition it speaks for (e.g. `aalborg-kommune`); null or absent: none. */
  party?: string | null;
}

/** The actor recorded on every fact the principal causes: `role:name`, e.g. `provider:fokus-folkeoplysning`. */
export function actorOf(principal: Pick<Principal, 'name' | 'role'>): string {
  return `${principal.role}:${principal.name}`;
}

export function canAccessContract(principal: Pick<Principal, 'contracts'>, contractId: string): boolean {
  return principal.contracts === '*' || principal.contracts.includes(contractId);
}

/** Principal names: 3 to 64 lowercase letters, digits or dashes (no colon: it separates the actor's parts). */
export const PRINCIPAL_NAME_PATTERN = /^[a-z0-9-]{3,64}$/;

export class InvalidPrincipalError extends Error {
  override readonly name = 'InvalidPrincipalError';
}

/**
 * Checks a principal given by an operator (CLI) or a test; throws InvalidPrincipalError with one
 * line per problem. Contract ids are deduplicated; an empty list is refused (a principal that may
 * see nothing is a mistake: use `'*'` for all contracts).
 */
export function validatePrincipal(input: { name: unknown; role: unknown; contracts: unknown }): Principal {
  const problems: string[] = [];
  const { name, role, contracts } = input;
  if (typeof name !== 'string' || !PRINCIPAL_NAME_PATTERN.test(name)) {
    problems.push(`name ${JSON.stringify(name)} must be 3 to 64 lowercase letters, digits or dashes`);
  } else if (containsCprShaped(name)) {
    // The name is recorded on every fact the principal causes, so it is no place for a CPR number (not echoed either).
    problems.push('name must not contain a CPR number');
  }
  if (!isRole(role)) problems.push(`role ${JSON.stringify(role)} must be one of: ${ROLES.join(', ')}`);
  let scope: readonly string[] | '*' = '*';
  if (contracts !== '*') {
    if (!Array.isArray(contracts) || contracts.length === 0) {
      problems.push('contracts must be a non-empty list of contract ids, or all contracts');
    } else {
      const bad = contracts.filter((c) => typeof c !== 'string' || !CONTRACT_ID_PATTERN.test(c));
      if (bad.length > 0) {
        problems.push(`contract ids ${bad.map((c) => JSON.stringify(c)).join(', ')} must be ${CONTRACT_ID_SHAPE}`);
      }
      scope = [...new Set(contracts as string[])];
    }
  }
  if (problems.length > 0) throw new InvalidPrincipalError(problems.join('; '));
  return { name: name as string, role: role as Role, contracts: scope };
}
