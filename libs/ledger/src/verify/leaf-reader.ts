import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type LeafChunk, linesOf, readLeaves } from './read-leaves.js';

/** Reads blocks of whole event lines (UTF-8) into LeafChunks. */
export interface LeafReader {
  read(block: Uint8Array): Promise<LeafChunk>;
  close(): Promise<void>;
}

/**
 * Parsing, re-serialising and hashing every leaf is most of a verification: with `threads` > 1
 * it runs in that many worker threads, chunk by chunk (results keep their order). The threads
 * run the compiled worker beside this file; where there is none (the tests run the sources),
 * the work stays on this thread.
 */
export function createLeafReader(withEvents: boolean, threads = Math.min(4, availableParallelism())): LeafReader {
  const script = new URL('./read-leaves.worker.js', import.meta.url);
  if (threads <= 1 || script.protocol !== 'file:' || !existsSync(fileURLToPath(script))) {
    return { read: (block) => Promise.resolve(readLeaves(linesOf(block), withEvents)), close: () => Promise.resolve() };
  }
  const pending = new Map<number, { resolve: (chunk: LeafChunk) => void; reject: (error: Error) => void }>();
  const workers = Array.from({ length: threads }, () => {
    const worker = new Worker(script);
    worker.on('message', (message: { id: number; chunk: LeafChunk }) => {
      pending.get(message.id)?.resolve(message.chunk);
      pending.delete(message.id);
    });
    worker.on('error', (error) => {
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
    });
    return worker;
  });
  let next = 0;
  return {
    read(block) {
      const id = next++;
      return new Promise<LeafChunk>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        // The bytes move to the thread (no copy); the caller must not use the block again.
        const own = block.byteOffset === 0 && block.byteLength === block.buffer.byteLength ? block : block.slice();
        workers[id % workers.length].postMessage({ id, block: own, withEvents }, [own.buffer as ArrayBuffer]);
      });
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
