import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A PostgreSQL server that is running for a data folder, as its postmaster.pid says. */
export interface RunningServer {
  pid: number;
  port: number;
}

/**
 * The server running for `dataDir`: postmaster.pid's first line is the server's process id, its
 * fourth the port. A file left by a server that died (its process is gone) is no server.
 */
export function runningServerOf(dataDir: string): RunningServer | undefined {
  let lines: string[];
  try {
    lines = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isSafeInteger(pid) || pid <= 0 || !Number.isSafeInteger(port)) return undefined;
  return isAlive(pid) ? { pid, port } : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user (the postgres user, when we are root).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
