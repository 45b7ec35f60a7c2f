import { readFileSync, writeFileSync } from 'node:fs';

/** Another process's resident memory, read from /proc/<pid>/status (Linux), in bytes. */
export function residentMemory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

/**
 * The peak resident memory of process `pid` while `work` runs: its high-water mark (VmHWM) reset
 * before (`/proc/<pid>/clear_refs`, allowed to the process's owner and root), and its RSS sampled
 * every 10 ms besides (all there is where the reset is refused).
 */
export async function peakMemoryWhile<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; before: number; peak: number }> {
  const before = residentMemory(pid).rss;
  let peakResettable = true;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    peakResettable = false;
  }
  let sampled = before;
  const timer = setInterval(() => (sampled = Math.max(sampled, residentMemory(pid).rss)), 10);
  try {
    const result = await work();
    const after = residentMemory(pid);
    return { result, before, peak: Math.max(sampled, after.rss, peakResettable ? after.peak : 0) };
  } finally {
    clearInterval(timer);
  }
}

export const mib = (bytes: number): string => `${Math.round(bytes / 2 ** 20).toLocaleString('en-US')} MiB`;
