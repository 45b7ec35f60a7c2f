import { createReadStream, type ReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pack } from 'tar-stream';
import { EXPORT_FILES, type ExportManifest } from '../export/audit-export.js';
import type { AuditExporter } from './audit-exporter.service.js';

export interface ExportArchive {
  /** The folder the archive unpacks to: audit-<contractId>-<treeSize>. */
  folder: string;
  manifest: ExportManifest;
  /** The tar, read from the files as it is sent; it fails (and the download breaks) if a file cannot be read. */
  stream: Readable;
}

/**
 * A contract's export as a tar archive of the export directory (`tar -xf` it, then `audit verify`
 * the folder). A tar entry's size comes before its bytes, so the directory is written first, page
 * by page, to a temporary folder (removed when the archive has been read or dropped): memory stays
 * flat, the database snapshot ends before the client starts reading, and an error while writing is
 * still answered as an error, not as a broken archive.
 */
export async function exportArchive(exporter: AuditExporter, contractId: string, streamId: string): Promise<ExportArchive> {
  const dir = await mkdtemp(join(tmpdir(), 'audit-export-'));
  const discard = (): Promise<void> => rm(dir, { recursive: true, force: true });
  try {
    const manifest = await exporter.writeTo(dir, contractId, streamId);
    const folder = `audit-${contractId}-${manifest.treeSize}`;
    const stream = exportTar(dir, folder, new Date(manifest.exportedAt));
    stream.once('close', () => void discard());
    return { folder, manifest, stream };
  } catch (error) {
    await discard();
    throw error;
  }
}

/** The export directory `dir` as a tar of `folder`/…, read file by file as it is consumed; it fails (is destroyed) if a file cannot be read. */
export function exportTar(dir: string, folder: string, mtime: Date): Readable {
  const archive = pack();
  let reading: ReadStream | undefined;
  archive.once('close', () => reading?.destroy());
  const addFile = async (name: string): Promise<void> => {
    const path = join(dir, name);
    const size = (await stat(path)).size;
    await new Promise<void>((resolve, reject) => {
      const entry = archive.entry({ name: `${folder}/${name}`, mtime, mode: 0o644, size }, (error) => (error ? reject(error) : resolve()));
      reading = createReadStream(path).once('error', reject);
      reading.pipe(entry);
    });
  };
  void (async () => {
    for (const name of Object.values(EXPORT_FILES)) await addFile(name);
    archive.finalize();
  })().catch((error: unknown) => archive.destroy(error as Error));
  // tar-stream's streams (streamx) read and pipe as node's do.
  return archive as unknown as Readable;
}
