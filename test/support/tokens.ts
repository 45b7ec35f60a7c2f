import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { type Role, TokenService } from '#auth';

export interface TokenSpec {
  /** Defaults to the spec's key. */
  name?: string;
  role: Role;
  /** The contract party the principal speaks for (commissioner, investor, provider only); absent: role-wide. */
  party?: string;
  /** Contract ids, or '*' for all. */
  contracts: readonly string[] | '*';
}

/**
 * Creates one token per spec through the app's TokenService; returns the tokens by the specs' keys.
 *   const tokens = await createTokens(t.app, { commissioner: { role: 'commissioner', contracts: ['aalborg-impact60'] } });
 *   fetch(url, { headers: { authorization: `Bearer ${tokens.commissioner}` } })
 */
export async function createTokens<K extends string>(app: INestApplication | INestApplicationContext, specs: Record<K, TokenSpec>): Promise<Record<K, string>> {
  const service = app.get(TokenService);
  const tokens = {} as Record<K, string>;
  for (const [key, spec] of Object.entries(specs) as Array<[K, TokenSpec]>) {
    tokens[key] = await service.create({ name: spec.name ?? key, role: spec.role, party: spec.party, contracts: spec.contracts });
  }
  return tokens;
}

/** `Authorization: Bearer <token>` headers for fetch. */
export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}
