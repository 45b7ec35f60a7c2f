import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);

/**
 * The service's configuration, read from environment variables. Every value is validated at
 * start-up; a bad value stops the process with a message naming the variable.
 */
export class AppConfig {
  /** HTTP port. */
  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  /** Interface to listen on; 0.0.0.0 to accept connections from other hosts. */
  @IsString()
  HOST = '127.0.0.1';

  /** PostgreSQL to use. When absent, an embedded PostgreSQL server is started with its data in DATA_DIR. */
  @IsOptional() @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// connection string' })
  DATABASE_URL?: string;

  /** Folder for the embedded PostgreSQL server's files and the development pseudonym key. */
  @IsString()
  DATA_DIR = './data';

  /** Port of the embedded PostgreSQL server (only when DATABASE_URL is absent). */
  @Transform(toInt) @IsInt() @Min(1) @Max(65535)
  EMBEDDED_PG_PORT = 54329;

  /** Connections in the pool. */
  @Transform(toInt) @IsInt() @Min(1) @Max(200)
  DB_POOL_SIZE = 10;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Run the read-model projections and process managers in this process (the worker app always does). */
  @IsIn(['true', 'false'])
  RUN_PROJECTIONS = 'true';

  /** How often a caught-up subscription polls the log, in milliseconds. */
  @Transform(toInt) @IsInt() @Min(1) @Max(60000)
  SUBSCRIPTION_POLL_MS = 200;

  /**
   * Secret key (hex, at least 32 bytes) for the keyed pseudonyms of participants. When absent, a
   * key is generated once and kept in DATA_DIR/pseudonym.key (development only: in production set
   * it, and keep it safe, since pseudonyms cannot be recomputed without it).
   */
  @IsOptional() @Matches(/^[0-9a-fA-F]{64,}$/, { message: 'PSEUDONYM_KEY must be at least 64 hex digits (32 bytes)' })
  PSEUDONYM_KEY?: string;

  /**
   * The ledger's signing key, as a C2SP note signer key: PRIVATE+KEY+<origin>+<key id>+<base64>.
   * Its name is the origin of the signed checkpoints. When absent, a key is generated once and
   * kept in DATA_DIR/ledger-signing.key (development only: in production set it and keep it
   * safe; whoever holds it can sign a history). Checked in full when the ledger loads it.
   */
  @IsOptional() @IsString()
  LEDGER_SIGNING_KEY?: string;

  /** How often the ledger signs a checkpoint when the log has grown, in milliseconds (0: only on demand). */
  @Transform(toInt) @IsInt() @Min(0) @Max(86_400_000)
  LEDGER_CHECKPOINT_INTERVAL_MS = 10_000;

  get runProjections(): boolean {
    return this.RUN_PROJECTIONS === 'true';
  }
}

export class InvalidConfigError extends Error {
  override readonly name = 'InvalidConfigError';
}

/** Reads and validates the configuration; throws InvalidConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig()).concat(['DATABASE_URL', 'PSEUDONYM_KEY', 'LEDGER_SIGNING_KEY']);
  const given = Object.fromEntries(Object.entries(env).filter(([key, value]) => known.includes(key) && value !== ''));
  const config = plainToInstance(AppConfig, given);
  const errors = validateSync(config, { forbidUnknownValues: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')} (got ${JSON.stringify(e.value)})`);
    throw new InvalidConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return config;
}
