import type { Migration } from '#database';

/**
 * Bearer tokens, stored only as SHA-256 hashes (see token.ts). `contracts` NULL means all
 * contracts. A token is never deleted, only revoked, so who held access when stays known.
 * (The role list is written out, not generated: a migration's SQL never changes.)
 */
export const authMigrations: Migration[] = [
  {
    id: 'auth/001-tokens',
    sql: `
      CREATE TABLE auth_tokens (
        token_hash bytea PRIMARY KEY CHECK (octet_length(token_hash) = 32),
        name text NOT NULL CHECK (name ~ '^[a-z0-9-]{3,64}$'),
        role text NOT NULL CHECK (role IN ('commissioner', 'provider', 'investor', 'payment-service', 'auditor', 'evaluator')),
        contracts text[] CHECK (contracts IS NULL OR cardinality(contracts) > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      );
      CREATE INDEX auth_tokens_active_by_name ON auth_tokens (name) WHERE revoked_at IS NULL;
    `,
  },
  {
    // The party of a contract the principal speaks for (principal.ts); NULL: role-wide, as every
    // token made before. The pattern is the domain's PARTY_PATTERN, and only the roles that are
    // parties of a definition (PARTY_ROLES) may have one, written out for the same reason as above.
    id: 'auth/002-party',
    sql: `
      ALTER TABLE auth_tokens
        ADD COLUMN party text CONSTRAINT auth_tokens_party_shape CHECK (party ~ '^[a-z0-9][a-z0-9._-]{0,127}$'),
        ADD CONSTRAINT auth_tokens_party_role CHECK (party IS NULL OR role IN ('commissioner', 'investor', 'provider'));
    `,
  },
];
