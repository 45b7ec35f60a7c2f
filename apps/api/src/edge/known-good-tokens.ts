/** How many token hashes are remembered; far more than the tokens a deployment issues. */
const LIMIT = 10_000;

/**
 * The hashes of bearer tokens this process has seen authenticated, so that the failed-
 * authentication limits never refuse them. Unlike TokenService's cache of principals, it grants
 * nothing (a remembered token is still looked up and checked) and it does not expire: a token
 * is forgotten when it is refused (revoked), or, least recently used first, beyond LIMIT.
 */
export class KnownGoodTokens {
  private readonly hashes = new Set<string>();

  has(hash: string): boolean {
    return this.hashes.has(hash);
  }

  add(hash: string): void {
    this.hashes.delete(hash);
    this.hashes.add(hash);
    if (this.hashes.size > LIMIT) this.hashes.delete(this.hashes.values().next().value as string);
  }

  forget(hash: string): void {
    this.hashes.delete(hash);
  }
}
