import { Inject, Injectable, Optional } from '@nestjs/common';
import { Database, inTransaction } from '#database';
import { type Principal, validatePrincipal } from './principal.js';
import type { Role } from './role.js';
import { generateToken, hashToken, looksLikeToken } from './token.js';

/** How long a successful lookup is remembered in this process, in ms (AuthModule provides TOKEN_CACHE_TTL_MS of the configuration; 0: never). */
export const TOKEN_CACHE_TTL_MS = Symbol('TOKEN_CACHE_TTL_MS');
export const DEFAULT_TOKEN_CACHE_TTL_MS = 30_000;
const CACHE_LIMIT = 10_000;

export interface NewToken {
  name: string;
  role: Role;
  /** The party of a contract the principal speaks for; absent or null: role-wide (see Principal). */
  party?: string | null;
  /** The contracts the principal may see, or `'*'` for all. */
  contracts: readonly string[] | '*';
}

export class TokenConflictError extends Error {
  override readonly name = 'TokenConflictError';
}

interface TokenRow {
  name: string;
  role: Role;
  party: string | null;
  contracts: string[] | null;
}

/**
 * Creates, checks and revokes bearer tokens. Only each token's SHA-256 is stored, so a token is
 * shown once, when created, and cannot be recovered afterwards.
 *
 * Successful lookups are cached in memory for at most TOKEN_CACHE_TTL_MS (30 s by default): a revocation made
 * by another process (the CLI) takes effect in a running service within that time; one made
 * through this service's own TokenService at once. Failed lookups are not cached (a token just
 * created by the CLI works at once, and garbage tokens cannot fill the cache).
 */
@Injectable()
export class TokenService {
  private readonly cache = new Map<string, { principal: Principal; until: number }>();
  private readonly ttlMs: number;

  constructor(
    @Inject(Database) private readonly database: Database,
    @Optional() @Inject(TOKEN_CACHE_TTL_MS) ttlMs?: number,
  ) {
    this.ttlMs = ttlMs ?? DEFAULT_TOKEN_CACHE_TTL_MS;
  }

  /**
   * Creates a token for the principal and returns it; this is the only time it is available.
   * A name stands for one party with one role: a second token for the same name (rotation, a new
   * scope) must have the same role and the same party (or none) as the name's active tokens.
   */
  async create(input: NewToken): Promise<string> {
    const principal = validatePrincipal(input);
    const token = generateToken();
    await inTransaction(this.database.pool, async (client) => {
      await client.query("SELECT pg_advisory_xact_lock(hashtext('auth_tokens:' || $1))", [principal.name]);
      const { rows } = await client.query<{ role: string; party: string | null }>(
        'SELECT DISTINCT role, party FROM auth_tokens WHERE name = $1 AND revoked_at IS NULL',
        [principal.name],
      );
      const other = rows.find((r) => r.role !== principal.role || r.party !== principal.party);
      if (other) {
        const differs = [
          ...(other.role === principal.role ? [] : [`role ${other.role}`]),
          ...(other.party === principal.party ? [] : [other.party === null ? 'no party (role-wide)' : `party ${other.party}`]),
        ];
        throw new TokenConflictError(
          `${principal.name} already has an active token with ${differs.join(' and ')}; revoke it first (revoke-token --name ${principal.name})`,
        );
      }
      await client.query('INSERT INTO auth_tokens (token_hash, name, role, party, contracts) VALUES ($1, $2, $3, $4, $5)', [
        hashToken(token),
        principal.name,
        principal.role,
        principal.party,
        principal.contracts === '*' ? null : principal.contracts,
      ]);
    });
    return token;
  }

  /** The principal of an active token; undefined for a malformed, unknown or revoked one. */
  async authenticate(token: string): Promise<Principal | undefined> {
    if (!looksLikeToken(token)) return undefined;
    const hash = hashToken(token);
    const key = hash.toString('hex');
    const now = Date.now();
    const cached = this.cache.get(key);
    if (cached && cached.until > now) return cached.principal;
    this.cache.delete(key);
    const { rows } = await this.database.pool.query<TokenRow>(
      'SELECT name, role, party, contracts FROM auth_tokens WHERE token_hash = $1 AND revoked_at IS NULL',
      [hash],
    );
    const row = rows[0];
    if (!row) return undefined;
    const principal: Principal = Object.freeze({
      name: row.name,
      role: row.role,
      party: row.party,
      contracts: row.contracts === null ? '*' : Object.freeze([...row.contracts]),
    });
    if (this.ttlMs > 0) {
      if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(key, { principal, until: now + this.ttlMs });
    }
    return principal;
  }

  /** The SHA-256 hashes of the active tokens, at most `limit` of them (the edge's ActiveTokens). */
  async activeTokenHashes(limit: number): Promise<Buffer[]> {
    const { rows } = await this.database.pool.query<{ token_hash: Buffer }>('SELECT token_hash FROM auth_tokens WHERE revoked_at IS NULL LIMIT $1', [limit]);
    return rows.map((row) => row.token_hash);
  }

  /** Revokes every active token of the name; returns how many there were. */
  async revoke(name: string): Promise<number> {
    const { rowCount } = await this.database.pool.query('UPDATE auth_tokens SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL', [name]);
    for (const [key, entry] of this.cache) if (entry.principal.name === name) this.cache.delete(key);
    return rowCount ?? 0;
  }
}
