import { parentPort } from 'node:worker_threads';
import { type JobKind, transferablesOf, VERIFIER_JOBS } from './verifier-jobs.js';

/** A thread of the verifier (see verifier-threads.ts): a job in, its output (or what went wrong) out. */
parentPort!.on('message', ({ id, kind, input }: { id: number; kind: JobKind; input: never }) => {
  try {
    const output = VERIFIER_JOBS[kind](input);
    parentPort!.postMessage({ id, output }, transferablesOf(output));
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
