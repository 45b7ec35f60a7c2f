import { createHash } from 'node:crypto';
import { Readable, Transform, type TransformCallback, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify/sync';
import yazl from 'yazl';
import type { ContractEvidence, ParticipantEvidence } from '../tables/contract-evidence.js';
import { datapackageDescriptor, DESCRIPTOR_PATH, README_PATH, type WrittenResource } from './datapackage-descriptor.js';
import { csvCells, type ExportContext, TABLE_RESOURCES, type TableResource } from './evidence-resources.js';
import type { EvidencePackageMetadata } from './package-metadata.js';
import { packageReadme } from './package-readme.js';

/** Passes bytes through, counting them and hashing them (SHA-256). */
export class DigestStream extends Transform {
  bytes = 0;
  private readonly hash = createHash('sha256');

  override _transform(chunk: Buffer, _: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    this.hash.update(chunk);
    done(null, chunk);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

const CSV = { record_delimiter: 'unix' } as const;
/** Rows per chunk: one stream write per row would cost more than the rows themselves. */
const ROWS_PER_CHUNK = 1_000;

/** The table as CSV text, in chunks of rows (a header row first). */
function* csvChunks(
  resource: TableResource<unknown>,
  evidence: ContractEvidence,
  ordered: readonly ParticipantEvidence[],
  context: ExportContext,
): Generator<string> {
  yield stringify([resource.fields.map((f) => f.name)], CSV);
  let chunk: string[][] = [];
  for (const row of resource.rows(evidence, ordered)) {
    chunk.push(csvCells(resource, row, context));
    if (chunk.length === ROWS_PER_CHUNK) {
      yield stringify(chunk, CSV);
      chunk = [];
    }
  }
  if (chunk.length > 0) yield stringify(chunk, CSV);
}

/**
 * Writes an evidence package to `out` as a ZIP: the README, each table as CSV, and
 * `datapackage.json` last (it names every resource's size and SHA-256, counted while the resource
 * streams into the archive). Rows are made one participant at a time, so memory does not grow
 * with the contract's facts. Resolves with the resources written once `out` has taken everything.
 */
export async function writeEvidencePackage(
  evidence: ContractEvidence,
  meta: EvidencePackageMetadata,
  context: ExportContext,
  out: Writable,
): Promise<Map<string, WrittenResource>> {
  const zip = new yazl.ZipFile();
  const mtime = new Date(meta.created);
  const archived = pipeline(zip.outputStream, out);
  const written = new Map<string, WrittenResource>();
  const add = (path: string, content: Buffer) => {
    zip.addBuffer(content, path, { mtime });
    written.set(path, { path, bytes: content.length, sha256: createHash('sha256').update(content).digest('hex') });
  };
  try {
    add(README_PATH, Buffer.from(packageReadme(evidence, meta), 'utf8'));
    const ordered = evidence.participants
      .map((p) => ({ p, key: context.pseudonyms.participant(p.participantId) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map(({ p }) => p);
    for (const resource of TABLE_RESOURCES) {
      const digest = new DigestStream();
      zip.addReadStream(digest, resource.path, { mtime });
      await pipeline(Readable.from(csvChunks(resource, evidence, ordered, context), { objectMode: false }), digest);
      written.set(resource.path, { path: resource.path, bytes: digest.bytes, sha256: digest.digest() });
    }
    const descriptor = datapackageDescriptor(evidence, meta, written);
    zip.addBuffer(Buffer.from(`${JSON.stringify(descriptor, null, 2)}\n`, 'utf8'), DESCRIPTOR_PATH, { mtime });
  } catch (error) {
    (zip.outputStream as unknown as Readable).destroy(error as Error);
    await archived.catch(() => undefined);
    throw error;
  }
  zip.end();
  await archived;
  return written;
}
