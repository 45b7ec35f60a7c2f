import pg from 'pg';
import type { Queryable } from './transaction.js';
import { inTransaction } from './transaction.js';

/** The role the service's pool logs in as on the embedded server: it owns nothing. */
export const SERVICE_ROLE = 'ov_app';

/** Any fixed numbers: processes that create roles or grant privileges on one server take turns (concurrent GRANTs can fail). */
const ROLE_LOCK = 7_301_962_412;
const GRANT_LOCK = 7_301_962_413;

const identifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * Makes `role` a login role with `password` and no power beyond what is granted to it (not a
 * superuser, cannot create roles or databases, bypass row security or replicate), creating it
 * when absent. Run as a role that may create roles (the embedded server's superuser). Returns
 * `ownerUrl` with the role's credentials instead.
 */
export async function ensureServiceRole(ownerUrl: string, role: string, password: string): Promise<string> {
  const pool = new pg.Pool({ connectionString: ownerUrl, max: 1 });
  try {
    await inTransaction(pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [ROLE_LOCK]);
      const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${client.escapeLiteral(password)}`;
      await client.query(rowCount ? `ALTER ROLE ${identifier(role)} WITH ${attributes}` : `CREATE ROLE ${identifier(role)} WITH ${attributes}`);
    });
  } finally {
    await pool.end();
  }
  const url = new URL(ownerUrl);
  url.username = encodeURIComponent(role);
  url.password = encodeURIComponent(password);
  return url.toString();
}

/**
 * Grants `role` what the service needs on the schema of `owner`'s connection, and nothing that
 * would let it change history: SELECT, INSERT, UPDATE and DELETE on the tables (and on tables
 * that later migrations of the same owner create), except the append-only ones (the log, the
 * ledger's), which it may only read and append to, and the migrations' record, which it may only
 * read. Owning no table, it cannot
 * drop or alter one, nor disable the log's append-only triggers. Run as the schema's owner.
 */
export async function grantServiceRole(owner: pg.Pool, role: string): Promise<void> {
  const grantee = identifier(role);
  await inTransaction(owner, async (client: Queryable) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [GRANT_LOCK]);
    await client.query(`GRANT USAGE ON SCHEMA public TO ${grantee}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${grantee}`);
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${grantee}`);
    await client.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${grantee}`);
    await client.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${grantee}`);
    // The append-only tables (the log, the ledger's leaves, nodes and checkpoints) are those with
    // an `*_append_only` trigger: the role may read and append to them, not change them.
    const appendOnly = await client.query<{ table_name: string }>(
      `SELECT DISTINCT c.relname AS table_name FROM pg_trigger t
         JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND NOT t.tgisinternal AND t.tgname LIKE '%\\_append\\_only'`,
    );
    for (const { table_name } of appendOnly.rows) await client.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${identifier(table_name)} FROM ${grantee}`);
    const { rows } = await client.query<{ migrations: string | null }>("SELECT to_regclass('public.schema_migrations')::text AS migrations");
    if (rows[0].migrations) await client.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations FROM ${grantee}`);
  });
}
