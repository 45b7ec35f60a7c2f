import { type Hash, hashFromBase64 } from '../merkle/tree-hash.js';
import type { NoteSigner, NoteVerifier } from '../note/note-keys.js';
import { openNote, signNote } from '../note/signed-note.js';

/**
 * A C2SP checkpoint (origin, tree size, base64 root) with one extension line naming the streams'
 * heads at that size: `stream-heads <count> <base64 root of the heads tree>`, so that the signature
 * also covers each stream's last leaf (removing a contract's last events is then detectable too).
 */
export interface Checkpoint {
  origin: string;
  treeSize: number;
  rootHash: Hash;
  heads: { count: number; root: Hash };
}

export const HEADS_EXTENSION = 'stream-heads';

export function checkpointText(checkpoint: Checkpoint): string {
  return [
    checkpoint.origin,
    String(checkpoint.treeSize),
    checkpoint.rootHash.toString('base64'),
    `${HEADS_EXTENSION} ${checkpoint.heads.count} ${checkpoint.heads.root.toString('base64')}`,
    '',
  ].join('\n');
}

const DECIMAL = /^(0|[1-9][0-9]{0,15})$/;

/** Reads a checkpoint's note text strictly (every line as checkpointText writes it). */
export function parseCheckpointText(text: string): { checkpoint: Checkpoint } | { problem: string } {
  const lines = text.split('\n');
  if (lines.length !== 5 || lines[4] !== '') return { problem: 'a checkpoint has exactly four lines' };
  const [origin, size, root, extension] = lines;
  if (origin === '') return { problem: 'the checkpoint has no origin' };
  if (!DECIMAL.test(size) || !Number.isSafeInteger(Number(size))) return { problem: 'the tree size is not a decimal number' };
  const rootHash = hashFromBase64(root);
  if (rootHash === undefined) return { problem: 'the root hash is not base64 of 32 bytes' };
  const heads = new RegExp(`^${HEADS_EXTENSION} (0|[1-9][0-9]{0,15}) (\\S+)$`).exec(extension);
  const headsRoot = heads ? hashFromBase64(heads[2]) : undefined;
  if (!heads || headsRoot === undefined) return { problem: `the checkpoint has no ${HEADS_EXTENSION} line` };
  return { checkpoint: { origin, treeSize: Number(size), rootHash, heads: { count: Number(heads[1]), root: headsRoot } } };
}

/** The signed note of a checkpoint; the key's name is the origin. */
export function signCheckpoint(checkpoint: Checkpoint, signer: NoteSigner): string {
  if (checkpoint.origin !== signer.name) throw new Error('a checkpoint is signed by the key named after its origin');
  return signNote(checkpointText(checkpoint), signer);
}

/** The checkpoint in a signed note, when the trusted key signed it and its origin is that key's name. */
export function openCheckpoint(note: string, verifier: NoteVerifier): { checkpoint: Checkpoint } | { problem: string } {
  const opened = openNote(note, verifier);
  if ('problem' in opened) return opened;
  const parsed = parseCheckpointText(opened.text);
  if ('problem' in parsed) return parsed;
  if (parsed.checkpoint.origin !== verifier.name) return { problem: `the checkpoint’s origin is not ${verifier.name}` };
  return parsed;
}
