import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateBy, validateSync } from 'class-validator';
import { parseTrustProxy, TRUST_PROXY_FORMS, type TrustProxy } from './trust-proxy.js';

const toInt = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);

/**
 * The service's configuration, read from environment variables. Every value is validated at
 * start-up; a bad value stops the process with a message naming the variable.
 */
export class AppConfig {
  /** HTTP port. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** Interface to listen on; 0.0.0.0 to accept connections from other hosts. */
  @IsString()
  HOST = '127.0.0.1';

  /** PostgreSQL to use. When absent, an embedded PostgreSQL server is started with its data in DATA_DIR. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// connection string' })
  DATABASE_URL?: string;

  /**
   * With DATABASE_URL: the role that owns the schema, for migrations. The service then connects as
   * DATABASE_URL's role and, after migrating, grants that role what it needs and nothing more
   * (libs/database/src/service-role.ts). Unset: migrations run as DATABASE_URL's role.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'MIGRATION_DATABASE_URL must be a postgres:// connection string' })
  MIGRATION_DATABASE_URL?: string;

  /** Folder for the embedded PostgreSQL server's files and the development pseudonym key. */
  @IsString()
  DATA_DIR = './data';

  /** Port of the embedded PostgreSQL server (only when DATABASE_URL is absent). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  EMBEDDED_PG_PORT = 54329;

  /** Connections in the pool. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE = 10;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Run the read-model projections and process managers in this process (the worker app always does). */
  @IsIn(['true', 'false'])
  RUN_PROJECTIONS = 'true';

  /** How often a caught-up subscription polls the log, in milliseconds. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(60000)
  SUBSCRIPTION_POLL_MS = 200;

  /**
   * Secret key (hex, at least 32 bytes) for the keyed pseudonyms of participants. When absent, a
   * key is generated once and kept in DATA_DIR/pseudonym.key (development only: in production set
   * it, and keep it safe, since pseudonyms cannot be recomputed without it).
   */
  @IsOptional()
  @Matches(/^[0-9a-fA-F]{64,}$/, { message: 'PSEUDONYM_KEY must be at least 64 hex digits (32 bytes)' })
  PSEUDONYM_KEY?: string;

  /** How long a verified bearer token is remembered in memory, in ms (0: every request looks it up). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  TOKEN_CACHE_TTL_MS = 30_000;

  /** The request line and headers must arrive within this many ms of the connection (or of the previous request). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(600_000)
  HTTP_HEADERS_TIMEOUT_MS = 10_000;

  /** The whole request, body included, must arrive within this many ms (a 50 MB import over a slow link may need more). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3_600_000)
  HTTP_REQUEST_TIMEOUT_MS = 60_000;

  /** A kept-alive connection with no request for this many ms is closed. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(600_000)
  HTTP_KEEP_ALIVE_TIMEOUT_MS = 5_000;

  /** A connection on which nothing moves in either direction for this many ms is closed (a client that stops reading). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3_600_000)
  HTTP_IDLE_TIMEOUT_MS = 60_000;

  /** The window of RATE_LIMIT_PER_TOKEN and RATE_LIMIT_PER_ADDRESS, in ms. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3_600_000)
  RATE_LIMIT_WINDOW_MS = 10_000;

  /** Requests per window with one bearer token (0: no limit). The default is above what one machine sends. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  RATE_LIMIT_PER_TOKEN = 200_000;

  /** Requests per window from one client address, with or without a token (0: no limit). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  RATE_LIMIT_PER_ADDRESS = 300_000;

  /**
   * Failed authentications (a bearer token that is malformed, unknown or revoked: 401) per client
   * address per AUTH_FAILURE_WINDOW_MS; then that address's tokens that are not active get 429,
   * without a lookup. Valid tokens (seen authenticated, or among the active tokens the rate
   * limits load at most once a second) are never refused by it.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  AUTH_FAILURE_LIMIT = 50;

  /** Failed authentications of one token from one address per AUTH_FAILURE_WINDOW_MS; then that token gets 429 there, and its repeats no longer count against AUTH_FAILURE_LIMIT. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  AUTH_FAILURE_LIMIT_PER_TOKEN = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86_400_000)
  AUTH_FAILURE_WINDOW_MS = 900_000;

  /**
   * Whose X-Forwarded-For to believe for the client's address (Fastify's trustProxy): `false`
   * (none: the TCP peer is the client), `true` (every hop: only when every request comes through
   * a proxy that sets the header), or the proxies' addresses, subnets and range names.
   */
  @ValidateBy({
    name: 'isTrustProxy',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && 'value' in parseTrustProxy(value),
      defaultMessage: (args) => {
        const value: unknown = args?.value;
        const parsed = typeof value === 'string' ? parseTrustProxy(value) : undefined;
        const problem = parsed && 'problem' in parsed ? `${parsed.problem}; ` : '';
        return `${problem}must be ${TRUST_PROXY_FORMS}`;
      },
    },
  })
  TRUST_PROXY = 'false';

  /**
   * Heavy reads (audit exports, evidence packages, reports, figures) one principal may have running
   * at once; one more is refused with 429 `too-many-heavy-reads` and Retry-After.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  HEAVY_READS_PER_PRINCIPAL = 2;

  /**
   * The ledger's signing key, as a C2SP note signer key: PRIVATE+KEY+<origin>+<key id>+<base64>.
   * Its name is the origin of the signed checkpoints. When absent, a key is generated once and
   * kept in DATA_DIR/ledger-signing.key (development only: in production set it and keep it
   * safe; whoever holds it can sign a history). Checked in full when the ledger loads it.
   */
  @IsOptional()
  @IsString()
  LEDGER_SIGNING_KEY?: string;

  /** How often the ledger signs a checkpoint when the log has grown, in milliseconds (0: only on demand). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  LEDGER_CHECKPOINT_INTERVAL_MS = 10_000;

  /**
   * Port of the Prometheus endpoint (`GET /metrics`), served apart from the API's port, so that
   * only the network the scraper is on reaches it. Unset: no metrics endpoint.
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT?: number;

  /** Interface of the metrics port; 0.0.0.0 for a scraper on another host (e.g. a pod's IP). */
  @IsString()
  METRICS_HOST = '127.0.0.1';

  /** `GET /health/ready` answers 503 while a subscription is more than this many events behind the log (0: not checked). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  READY_MAX_SUBSCRIPTION_LAG = 10_000;

  /**
   * Origins whose browser scripts may call the API (CORS), comma-separated (`https://a.example,https://b.example`),
   * or `*` for any. Unset: no CORS headers (a browser on another origin is refused).
   */
  @IsOptional()
  @Matches(/^(\*|https?:\/\/[^\s,]+(\s*,\s*https?:\/\/[^\s,]+)*)$/, { message: 'CORS_ORIGINS must be * or comma-separated http(s):// origins' })
  CORS_ORIGINS?: string;

  get runProjections(): boolean {
    return this.RUN_PROJECTIONS === 'true';
  }

  /** TRUST_PROXY as Fastify's `trustProxy` (valid once loadConfig has accepted it). */
  /** CORS_ORIGINS as @fastify/cors's `origin`: every origin, or the list. */
  get corsOrigins(): true | string[] | undefined {
    if (this.CORS_ORIGINS === undefined) return undefined;
    return this.CORS_ORIGINS === '*' ? true : this.CORS_ORIGINS.split(',').map((origin) => origin.trim());
  }

  get trustProxy(): TrustProxy {
    const parsed = parseTrustProxy(this.TRUST_PROXY);
    return 'value' in parsed ? parsed.value : false;
  }
}

export class InvalidConfigError extends Error {
  override readonly name = 'InvalidConfigError';
}

/** The variables without a default (unset unless given). */
export const OPTIONAL_VARIABLES = ['DATABASE_URL', 'MIGRATION_DATABASE_URL', 'PSEUDONYM_KEY', 'LEDGER_SIGNING_KEY', 'METRICS_PORT', 'CORS_ORIGINS'];

/** Reads and validates the configuration; throws InvalidConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig()).concat(OPTIONAL_VARIABLES);
  const given = Object.fromEntries(Object.entries(env).filter(([key, value]) => known.includes(key) && value !== ''));
  const config = plainToInstance(AppConfig, given);
  const errors = validateSync(config, { forbidUnknownValues: false });
  const lines = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')} ${shown(e.property, e.value)}`);
  if (errors.length === 0) lines.push(...inconsistencies(config));
  if (lines.length > 0) {
    throw new InvalidConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return config;
}

/** Connection strings carry passwords and the pseudonym key is a secret: their values are not repeated. */
const SECRETS = new Set(['DATABASE_URL', 'MIGRATION_DATABASE_URL', 'PSEUDONYM_KEY']);

function shown(variable: string, value: unknown): string {
  return SECRETS.has(variable) ? '(value not shown)' : `(got ${JSON.stringify(value)})`;
}

/** Rules between variables, once each is valid on its own. */
function inconsistencies(config: AppConfig): string[] {
  const problems: string[] = [];
  if (config.MIGRATION_DATABASE_URL && !config.DATABASE_URL) {
    problems.push('MIGRATION_DATABASE_URL: only with DATABASE_URL (the embedded server migrates as its own superuser)');
  }
  // Node refuses a headers timeout longer than the request's.
  if (config.HTTP_HEADERS_TIMEOUT_MS > config.HTTP_REQUEST_TIMEOUT_MS) {
    problems.push(`HTTP_HEADERS_TIMEOUT_MS: must not exceed HTTP_REQUEST_TIMEOUT_MS (${config.HTTP_REQUEST_TIMEOUT_MS})`);
  }
  return problems;
}
