import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { makeFolders } from './data-folders.js';

/** A new random secret: 32 bytes as base64url (no character that needs quoting in a URL or in SQL). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The secret kept in `file`, made with `generate` and written (mode 600: only this user may read
 * it) when the file does not exist yet. A file that others may read is made private again.
 */
export function readOrCreateSecret(file: string, generate: () => string = newSecret): string {
  try {
    writeFileSync(file, `${generate()}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      makeFolders(dirname(file));
      return readOrCreateSecret(file, generate);
    }
    if (code !== 'EEXIST') throw error;
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const secret = readFileSync(file, 'utf8').trim();
  if (secret === '') throw new Error(`${file} is empty: delete it to have a new secret generated, or restore it`);
  return secret;
}
