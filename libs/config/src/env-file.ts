import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

/** Where the service, the worker and the CLI look for their `.env`: the folder they are started in. */
export const ENV_FILE = '.env';

/**
 * Adds the variables of a `.env` file (Node's own parser: `KEY=value` lines, quotes, `#` comments)
 * to `env`, each only when `env` does not already have it: the environment wins over the file.
 * No file: nothing changes. Returns the names taken from the file.
 */
export function readEnvFile(path: string = ENV_FILE, env: NodeJS.ProcessEnv = process.env): string[] {
  if (!existsSync(path)) return [];
  const taken: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(readFileSync(path, 'utf8')))) {
    if (env[name] !== undefined) continue;
    env[name] = value;
    taken.push(name);
  }
  return taken;
}
