/** The parties of docs/rules.md §2. Every principal has exactly one. */
export const ROLES = ['commissioner', 'provider', 'investor', 'payment-service', 'auditor', 'evaluator'] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
