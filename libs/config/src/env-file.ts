import { existsSync } from 'node:fs';

/**
 * Reads `.env` in the working directory (KEY=value lines) into process.env, when there is one.
 * A variable set in the environment wins over the file. Every process of the service (the API,
 * the worker, the CLI) calls it first, so that they all find the same configuration.
 */
export function loadEnvFile(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
