import { parentPort } from 'node:worker_threads';
import { linesOf, readLeaves } from './read-leaves.js';

/** A thread of the verifier's leaf reader (see leaf-reader.ts): blocks of lines in, LeafChunks out. */
parentPort!.on('message', (message: { id: number; block: Uint8Array; withEvents: boolean }) => {
  parentPort!.postMessage({ id: message.id, chunk: readLeaves(linesOf(message.block), message.withEvents) });
});
