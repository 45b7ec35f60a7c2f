import { type FileHandle, mkdir, open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setImmediate } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { Database, inTransaction, type Queryable } from '#database';
import { contractNotFound } from '#domain';
import { streamHasEvents } from '#event-store';
import { EXPORT_FILES, EXPORT_FORMAT, type ExportManifest, ledgerRecordLine, type SliceProof } from '../export/audit-export.js';
import { HeadsTree } from '../heads/stream-heads.js';
import { LEAF_FORMAT, leafText } from '../leaf/ledger-leaf.js';
import { subtreeHashes } from '../merkle/proofs.js';
import type { LeafRange } from '../merkle/tree-shape.js';
import { MultiProofWalk } from '../merkle/tree-shape.js';
import { LedgerCheckpoints } from './ledger-checkpoints.service.js';
import { LedgerKey } from './ledger-key.js';
import { LedgerNotFoundError } from './ledger-lookup.errors.js';
import { PgNodeReader } from './pg-node-reader.js';
import { exportedLeafEventPages, ledgerLeafPages, readCheckpointHeads } from './stored-events.js';

/** Rows read and written per page: the event loop is free while a page is fetched (a round trip). */
const EXPORT_PAGE = 200;

/**
 * Leaf text formatted before the event loop is let go (setImmediate) while a page of events is
 * formatted: some 60 events, 2–3 ms. A whole page of 200 took 7 ms alone and several times that
 * with 4 exports at once, and their pages, back to back, held /health up for 100–280 ms.
 */
const FORMAT_SLICE_CHARS = 64 * 1024;

/** The multi-leaf proof's subtrees whose hashes are read per statement. */
const PROOF_PAGE = 2_000;

/**
 * One contract's audit export at the latest checkpoint, written as the export directory
 * (docs/ledger.md): its events as the log holds them now (so that whatever was changed shows),
 * the ledger's records and a multi-leaf proof of them, the stream's signed head with its proof,
 * the checkpoint and the public key. Read in one snapshot, page by page through cursors and
 * written as read, so that memory does not grow with the contract. Nothing is checked here (a
 * verifier must not need to trust the exporter), so a changed log shows up in it.
 */
@Injectable()
export class AuditExporter {
  constructor(
    private readonly database: Database,
    private readonly checkpoints: LedgerCheckpoints,
    private readonly key: LedgerKey,
  ) {}

  /** Writes the export into `dir` (created if need be); returns its manifest. */
  writeTo(dir: string, contractId: string, streamId: string): Promise<ExportManifest> {
    return inTransaction(this.database.pool, async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      return this.writeWith(tx, dir, contractId, streamId);
    });
  }

  /** The export read through the given connection, which must be in a transaction (of the caller's): it reads through cursors. */
  async writeWith(db: Queryable, dir: string, contractId: string, streamId: string): Promise<ExportManifest> {
    if (!(await streamHasEvents(db, streamId))) throw contractNotFound(contractId);
    const checkpoint = await this.checkpoints.latest(db);
    if (checkpoint === undefined) throw new LedgerNotFoundError('checkpoint-not-found', 'No checkpoint has been signed yet.');
    const treeSize = checkpoint.treeSize;
    const tree = new HeadsTree(await readCheckpointHeads(db));
    const head = await tree.proofOf(streamId);
    const exportedAt = new Date().toISOString();
    await mkdir(dir, { recursive: true });

    let events = 0;
    await withFile(join(dir, EXPORT_FILES.events), async (file) => {
      // An event the ledger never took inside the signed part of the stream is kept, so that the
      // verifier reports it.
      for await (const page of exportedLeafEventPages(db, streamId, treeSize, head?.head.leaves ?? 0, EXPORT_PAGE)) {
        events += page.length;
        await file.write(
          await linesLettingGo(page, (row) =>
            leafText({ format: LEAF_FORMAT, index: row.ledger?.index ?? null, previous: row.ledger?.previous ?? null, event: row.event }),
          ),
        );
      }
    });

    const proof: SliceProof = {
      treeSize,
      hashes: [],
      head: head?.head ?? null,
      headProof: head ? { position: head.position, count: tree.count, path: head.path.map((h) => h.toString('hex')) } : null,
    };
    const proofHashes = new ProofHashesFile(join(dir, EXPORT_FILES.proof), proof, new PgNodeReader(db));
    await proofHashes.open();
    try {
      await withFile(join(dir, EXPORT_FILES.ledger), async (file) => {
        const walk = new MultiProofWalk(treeSize);
        for await (const page of ledgerLeafPages(db, streamId, treeSize, EXPORT_PAGE)) {
          await file.write(
            lines(
              page.map((l) => ledgerRecordLine({ index: l.index, eventId: l.eventId, streamVersion: l.streamVersion, leafHash: l.leafHash.toString('hex') })),
            ),
          );
          await proofHashes.add(() => page.flatMap((l) => walk.add(l.index)));
        }
        await proofHashes.add(() => walk.end());
      });
    } finally {
      await proofHashes.close();
    }

    const manifest: ExportManifest = { format: EXPORT_FORMAT, contractId, streamId, treeSize, events, exportedAt };
    await writeFile(join(dir, EXPORT_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
    await writeFile(join(dir, EXPORT_FILES.checkpoint), checkpoint.note);
    await writeFile(join(dir, EXPORT_FILES.publicKey), `${this.key.verifierKey}\n`);
    return manifest;
  }
}

const lines = (items: readonly string[]): string => (items.length === 0 ? '' : `${items.join('\n')}\n`);

/** lines(items.map(line)), letting the event loop go after each FORMAT_SLICE_CHARS of text. */
async function linesLettingGo<T>(items: readonly T[], line: (item: T) => string): Promise<string> {
  const texts: string[] = [];
  let sinceLetGo = 0;
  for (const item of items) {
    const text = line(item);
    texts.push(text);
    sinceLetGo += text.length;
    if (sinceLetGo >= FORMAT_SLICE_CHARS) {
      sinceLetGo = 0;
      await setImmediate();
    }
  }
  return lines(texts);
}

async function withFile(path: string, write: (file: FileHandle) => Promise<void>): Promise<void> {
  const file = await open(path, 'w');
  try {
    await write(file);
  } finally {
    await file.close();
  }
}

/** Stands for the hashes inside proof.json's layout while they are written one page at a time. */
const HASHES_GO_HERE = 'hashes-go-here';

/**
 * proof.json written as its hashes are read, a page of subtrees at a time, in exactly the layout
 * of `JSON.stringify(proof, null, 1)`. A subtree the ledger no longer stores (or leaves out of
 * order) leaves the proof empty, as a whole: the verifier then says the tree does not check, and
 * where the stream's chain broke.
 */
class ProofHashesFile {
  private file: FileHandle | undefined;
  private pending: LeafRange[] = [];
  private written = 0;
  private failed = false;
  private readonly around: [string, string];

  constructor(
    private readonly path: string,
    private readonly proof: SliceProof,
    private readonly reader: PgNodeReader,
  ) {
    const [before, after] = JSON.stringify({ ...proof, hashes: [HASHES_GO_HERE] }, null, 1).split(`"${HASHES_GO_HERE}"`);
    this.around = [before, `${after}\n`];
  }

  async open(): Promise<void> {
    this.file = await open(this.path, 'w');
    await this.file.write(this.around[0]);
  }

  /** More of the proof's subtrees, left to right (`next` throws when the leaves are out of order). */
  async add(next: () => LeafRange[]): Promise<void> {
    if (this.failed) return;
    try {
      this.pending.push(...next());
      while (this.pending.length >= PROOF_PAGE) await this.flush(this.pending.splice(0, PROOF_PAGE));
    } catch {
      this.failed = true;
    }
  }

  private async flush(ranges: LeafRange[]): Promise<void> {
    const hashes = await subtreeHashes(this.reader, ranges);
    await this.file!.write(`${this.written === 0 ? '' : ',\n  '}${hashes.map((h) => `"${h.toString('hex')}"`).join(',\n  ')}`);
    this.written += hashes.length;
  }

  /** Writes what is pending and the layout's end; the proof is empty if any page failed. */
  async close(): Promise<void> {
    try {
      if (!this.failed && this.pending.length > 0) await this.flush(this.pending.splice(0)).catch(() => (this.failed = true));
      if (!this.failed && this.written > 0) await this.file!.write(this.around[1]);
    } finally {
      await this.file?.close();
    }
    if (this.failed || this.written === 0) await writeFile(this.path, `${JSON.stringify(this.proof, null, 1)}\n`);
  }
}
