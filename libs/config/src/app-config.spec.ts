import { InvalidConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('gives documented defaults with no environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', DATA_DIR: './data', DB_POOL_SIZE: 10, LOG_LEVEL: 'info' });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.runProjections).toBe(true);
  });

  it('reads and converts given values', () => {
    const config = loadConfig({ PORT: '8080', DATABASE_URL: 'postgres://u:p@db:5432/x', RUN_PROJECTIONS: 'false' });
    expect(config.PORT).toBe(8080);
    expect(config.DATABASE_URL).toBe('postgres://u:p@db:5432/x');
    expect(config.runProjections).toBe(false);
  });

  it('refuses bad values, naming each variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' })).toThrow(InvalidConfigError);
    let message = '';
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', PSEUDONYM_KEY: 'short' });
    } catch (error) {
      message = (error as Error).message;
    }
    for (const name of ['PORT', 'LOG_LEVEL', 'DATABASE_URL', 'PSEUDONYM_KEY']) expect(message).toContain(name);
  });
});

describe('loadConfig: limits, timeouts, the migration role', () => {
  it('gives the documented defaults', () => {
    expect(loadConfig({})).toMatchObject({
      TOKEN_CACHE_TTL_MS: 30_000,
      HTTP_HEADERS_TIMEOUT_MS: 10_000,
      HTTP_REQUEST_TIMEOUT_MS: 60_000,
      HTTP_KEEP_ALIVE_TIMEOUT_MS: 5_000,
      HTTP_IDLE_TIMEOUT_MS: 60_000,
      RATE_LIMIT_WINDOW_MS: 10_000,
      RATE_LIMIT_PER_TOKEN: 200_000,
      RATE_LIMIT_PER_ADDRESS: 300_000,
      AUTH_FAILURE_LIMIT: 50,
      AUTH_FAILURE_LIMIT_PER_TOKEN: 5,
      AUTH_FAILURE_WINDOW_MS: 900_000,
      trustProxy: false,
    });
    expect(loadConfig({}).MIGRATION_DATABASE_URL).toBeUndefined();
  });

  const problemsOf = (env: NodeJS.ProcessEnv): string => {
    try {
      loadConfig(env);
      return '';
    } catch (error) {
      return (error as Error).message;
    }
  };

  it('refuses a headers timeout longer than the request timeout, and a migration URL without DATABASE_URL', () => {
    expect(problemsOf({ HTTP_HEADERS_TIMEOUT_MS: '5000', HTTP_REQUEST_TIMEOUT_MS: '1000' })).toMatch(
      /HTTP_HEADERS_TIMEOUT_MS: must not exceed HTTP_REQUEST_TIMEOUT_MS/,
    );
    expect(problemsOf({ MIGRATION_DATABASE_URL: 'postgres://owner:secret@db/x' })).toMatch(/MIGRATION_DATABASE_URL: only with DATABASE_URL/);
    expect(problemsOf({ MIGRATION_DATABASE_URL: 'postgres://owner:secret@db/x', DATABASE_URL: 'postgres://app:pw@db/x' })).toBe('');
  });

  it('names a bad connection string or key without repeating it (it may hold a password)', () => {
    const message = problemsOf({ DATABASE_URL: 'mysql://u:hunter2@db/x', MIGRATION_DATABASE_URL: 'owner:hunter3@db', PSEUDONYM_KEY: 'hunter4' });
    for (const name of ['DATABASE_URL', 'MIGRATION_DATABASE_URL', 'PSEUDONYM_KEY']) expect(message).toContain(name);
    expect(message).not.toMatch(/hunter/);
  });

  it('reads TRUST_PROXY as Fastify takes it: false, true, or the proxies (addresses, subnets, range names)', () => {
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1' }).trustProxy).toEqual(['10.0.0.1']);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, fd00::/8,loopback' }).trustProxy).toEqual(['10.0.0.0/8', 'fd00::/8', 'loopback']);
  });

  it('refuses a TRUST_PROXY Fastify would not take, or would take and ignore, saying why', () => {
    expect(problemsOf({ TRUST_PROXY: 'yes' })).toMatch(/TRUST_PROXY: invalid IP address: yes; must be false, true, or a comma-separated list/);
    expect(problemsOf({ TRUST_PROXY: '10.0.0.0/33' })).toMatch(/TRUST_PROXY: invalid range on address: 10\.0\.0\.0\/33/);
    expect(problemsOf({ TRUST_PROXY: '10.0.0.1,' })).toMatch(/TRUST_PROXY: an empty entry in the list/);
    expect(problemsOf({ TRUST_PROXY: '2' })).toMatch(/TRUST_PROXY: a hop count is not supported \(Fastify would trust no hop\)/);
  });
});

describe('loadConfig: metrics, readiness, CORS', () => {
  it('serves no metrics and sends no CORS headers unless told', () => {
    const config = loadConfig({});
    expect(config.METRICS_PORT).toBeUndefined();
    expect(config.corsOrigins).toBeUndefined();
    expect(config.READY_MAX_SUBSCRIPTION_LAG).toBe(10_000);
  });

  it('reads the metrics port and the CORS origins', () => {
    const config = loadConfig({ METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0', CORS_ORIGINS: 'https://a.example, https://b.example:8443' });
    expect(config).toMatchObject({ METRICS_PORT: 9464, METRICS_HOST: '0.0.0.0' });
    expect(config.corsOrigins).toEqual(['https://a.example', 'https://b.example:8443']);
    expect(loadConfig({ CORS_ORIGINS: '*' }).corsOrigins).toBe(true);
  });

  it('refuses a metrics port out of range and origins that are no origins', () => {
    expect(() => loadConfig({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
    expect(() => loadConfig({ CORS_ORIGINS: 'app.example' })).toThrow(/CORS_ORIGINS/);
  });
});
