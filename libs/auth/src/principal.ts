import { CONTRACT_ID_PATTERN, CONTRACT_ID_SHAPE, containsCprShaped, PARTY_PATTERN, PARTY_SHAPE } from '#domain';
import { isPartyRole, isRole, PARTY_ROLES, ROLES, type Role } from './role.js';

/**
 * Who makes a request: a name (`aalborg-kommune`), its role, the party of a contract it speaks for
 * (if any), and the contracts it is scoped to (`'*'`: all contracts, e.g. an auditor or the
 * payment service of a whole municipality).
 */
export interface Principal {
  name: string;
  role: Role;
  /**
   * The party id it speaks for (`aalborg-kommune`), as a contract definition's `parties[role]`
   * names it; null for a role-wide principal, which speaks for no party. Only the roles of
   * PARTY_ROLES have one.
   */
  party: string | null;
  contracts: readonly string[] | '*';
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
 * see nothing is a mistake: use `'*'` for all contracts). An absent or null party is a role-wide
 * principal; a party is refused for a role that is no party of a contract (PARTY_ROLES).
 */
export function validatePrincipal(input: { name: unknown; role: unknown; party?: unknown; contracts: unknown }): Principal {
  const problems: string[] = [];
  const { name, role, contracts } = input;
  const party = input.party ?? null;
  if (typeof name !== 'string' || !PRINCIPAL_NAME_PATTERN.test(name)) {
    problems.push(`name ${JSON.stringify(name)} must be 3 to 64 lowercase letters, digits or dashes`);
  } else if (containsCprShaped(name)) {
    // The name is recorded on every fact the principal causes, so it is no place for a CPR number (not echoed either).
    problems.push('name must not contain a CPR number');
  }
  if (!isRole(role)) problems.push(`role ${JSON.stringify(role)} must be one of: ${ROLES.join(', ')}`);
  if (party !== null) {
    if (typeof party === 'string' && containsCprShaped(party)) {
      // Like the name: a party id is no place for a CPR number (not echoed, whatever else is wrong with it).
      problems.push('party must not contain a CPR number');
    } else if (typeof party !== 'string' || !PARTY_PATTERN.test(party)) {
      problems.push(`party ${JSON.stringify(party)} must be ${PARTY_SHAPE}`);
    }
    if (isRole(role) && !isPartyRole(role)) {
      problems.push(`role ${role} speaks for no party of a contract: only ${PARTY_ROLES.join(', ')} may have a party`);
    }
  }
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
  return { name: name as string, role: role as Role, party: party as string | null, contracts: scope };
}
