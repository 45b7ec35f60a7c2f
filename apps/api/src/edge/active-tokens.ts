import { performance } from 'node:perf_hooks';

/** At most this many hashes are held (about 1 MB); with more active tokens the set is not used. */
const LIMIT = 10_000;
/** The least time between two loads, in ms, however many requests ask for one. */
export const ACTIVE_TOKENS_RELOAD_MS = 1_000;

/** Reads the SHA-256 hashes (see hashToken) of the active (unrevoked) tokens, at most `limit` of them. */
export type LoadActiveTokenHashes = (limit: number) => Promise<readonly Buffer[]>;

/**
 * Whether a token is active: `retryAfterMs` is set when it was not among the active tokens of a
 * load made before it was asked about (it may have been created since), and says when a newer
 * load may be made.
 */
export type Activity = { active: true } | { active: false; retryAfterMs?: number };

/**
 * The hashes of the active tokens, loaded from the database when asked about (the first time,
 * then at most once per ACTIVE_TOKENS_RELOAD_MS, one load at a time), so that a valid token the
 * process has not seen authenticated can be told from a bad one without a lookup per token. Like
 * KnownGoodTokens it grants nothing: an active token is still looked up and checked, so an entry
 * revoked since the load only reaches that lookup (and its 401). With more than LIMIT active
 * tokens, or before a load has succeeded, no token is active here.
 */
export class ActiveTokens {
  private hashes: Set<string> | undefined;
  /** When the load that gave `hashes` started (performance.now()). */
  private loadedAt = -Infinity;
  private lastLoadStartedAt = -Infinity;
  private loading: Promise<void> | undefined;

  constructor(private readonly load: LoadActiveTokenHashes) {}

  /** Whether the token of this base64 hash is active. */
  async activity(hash: string): Promise<Activity> {
    const askedAt = performance.now();
    await this.reload();
    if (this.hashes === undefined) return { active: false };
    if (this.hashes.has(hash)) return { active: true };
    if (this.loadedAt >= askedAt) return { active: false };
    return { active: false, retryAfterMs: Math.max(0, this.lastLoadStartedAt + ACTIVE_TOKENS_RELOAD_MS - performance.now()) };
  }

  /** A token refused since the last load (revoked). */
  forget(hash: string): void {
    this.hashes?.delete(hash);
  }

  private reload(): Promise<void> {
    if (this.loading) return this.loading;
    const startedAt = performance.now();
    if (startedAt - this.lastLoadStartedAt < ACTIVE_TOKENS_RELOAD_MS) return Promise.resolve();
    this.lastLoadStartedAt = startedAt;
    this.loading = this.load(LIMIT + 1)
      .then(
        (rows) => {
          this.hashes = rows.length > LIMIT ? undefined : new Set(rows.map((row) => row.toString('base64')));
          this.loadedAt = startedAt;
        },
        // The set stays as it was; the next load may be tried after ACTIVE_TOKENS_RELOAD_MS.
        () => undefined,
      )
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }
}
