import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type JobInput, type JobKind, type JobOutput, transferablesOf, VERIFIER_JOBS } from './verifier-jobs.js';

/** How many jobs a pass keeps queued ahead of the one it waits for (enough to keep every thread busy). */
export const JOBS_IN_FLIGHT = 8;

/** Runs the verifier's jobs; results come back in any order, each to its own caller. */
export interface VerifierThreads {
  /** The input's typed arrays move to the thread: the caller must not use them again. */
  run<K extends JobKind>(kind: K, input: JobInput<K>): Promise<JobOutput<K>>;
  close(): Promise<void>;
}

/**
 * Parsing, re-serialising and hashing every leaf is most of a verification: with `threads` > 1 it
 * runs in that many worker threads. The threads run the compiled worker beside this file; where
 * there is none (the tests run the sources), the jobs run on this thread.
 */
export function createVerifierThreads(
  threads = Math.min(4, availableParallelism()),
  script = new URL('./verifier-thread.worker.js', import.meta.url),
): VerifierThreads {
  if (threads <= 1 || script.protocol !== 'file:' || !existsSync(fileURLToPath(script))) {
    return {
      run: (kind, input) => Promise.resolve((VERIFIER_JOBS[kind] as (input: unknown) => never)(input)),
      close: () => Promise.resolve(),
    };
  }
  const pending = new Map<number, { resolve: (output: never) => void; reject: (error: Error) => void }>();
  const workers = Array.from({ length: threads }, () => {
    const worker = new Worker(script);
    worker.on('message', (message: { id: number; output?: never; error?: string }) => {
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if (message.error !== undefined) waiting?.reject(new Error(message.error));
      else waiting?.resolve(message.output!);
    });
    worker.on('error', (error: Error) => {
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
    });
    return worker;
  });
  let next = 0;
  return {
    run(kind, input) {
      const id = next++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve, reject });
        const own = ownBuffers(input);
        workers[id % workers.length].postMessage({ id, kind, input: own }, transferablesOf(own));
      });
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}

/** The input with each typed array in a buffer of its own (a view into a shared one is copied), so that it can move. */
function ownBuffers<T>(input: T): T {
  const out: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  for (const [name, member] of Object.entries(out)) {
    if (ArrayBuffer.isView(member) && (member.byteOffset !== 0 || member.byteLength !== member.buffer.byteLength)) {
      out[name] = new Uint8Array(member.buffer.slice(member.byteOffset, member.byteOffset + member.byteLength));
    }
  }
  return out as T;
}
