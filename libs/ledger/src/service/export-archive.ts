import { pack } from 'tar-stream';
import type { AuditExport } from '../export/audit-export.js';
import { exportFiles } from '../export/export-directory.js';

/** The export directory as a tar archive (`tar -xf` it, then `audit verify` the folder). */
export async function exportArchive(exported: AuditExport, folder: string): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
  const ended = new Promise<void>((resolve, reject) => {
    archive.on('end', () => resolve());
    archive.on('error', reject);
  });
  const mtime = new Date(exported.manifest.exportedAt);
  for (const file of exportFiles(exported)) archive.entry({ name: `${folder}/${file.name}`, mtime, mode: 0o644 }, file.content);
  archive.finalize();
  await ended;
  return Buffer.concat(chunks);
}
