import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { formatReport, readExportDirectory, verifyExport } from '#ledger';
import { peakMemoryWhile } from './process-memory.js';
import type { ScaleService } from './scale-service.js';

/** One download: its time, its size and the service's peak memory while it ran. */
export interface ExportTiming {
  ms: number;
  bytes: number;
  rssBefore: number;
  rssPeak: number;
}

/** The offline verifier's run over the audit export. */
export interface VerifierTiming {
  ms: number;
  events: number;
}

async function download(service: ScaleService, path: string, token: string): Promise<Response> {
  const response = await fetch(`${service.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok || !response.body) throw new Error(`GET ${path} answered ${response.status}: ${(await response.text()).slice(0, 500)}`);
  return response;
}

async function timed(service: ScaleService, work: () => Promise<number>): Promise<ExportTiming> {
  const began = performance.now();
  const { result: bytes, before, peak } = await peakMemoryWhile(service.apiPid, work);
  return { ms: performance.now() - began, bytes, rssBefore: before, rssPeak: peak };
}

/** The evaluators' evidence package, read to its end and not kept. */
export function timeEvidencePackage(service: ScaleService, contractId: string): Promise<ExportTiming> {
  return timed(service, async () => {
    const response = await download(service, `/contracts/${contractId}/evidence-package`, service.tokens.evaluator);
    let bytes = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
    return bytes;
  });
}

/** The auditor's export (a tar), unpacked by `tar -x` into a fresh folder as it arrives. */
export async function timeAuditExport(service: ScaleService, contractId: string): Promise<{ timing: ExportTiming; folder: string; remove(): void }> {
  const into = mkdtempSync(join(tmpdir(), 'ov-bench-scale-audit-'));
  const remove = () => rmSync(into, { recursive: true, force: true });
  try {
    const timing = await timed(service, async () => {
      const response = await download(service, `/contracts/${contractId}/audit-export`, service.tokens.auditor);
      const tar = spawn('tar', ['-x', '-C', into], { stdio: ['pipe', 'ignore', 'inherit'] });
      let bytes = 0;
      const body = Readable.fromWeb(response.body as never).on('data', (chunk: Buffer) => (bytes += chunk.length));
      const exited = once(tar, 'exit');
      await pipeline(body, tar.stdin);
      const [code] = (await exited) as [number | null];
      if (code !== 0) throw new Error(`tar -x of the audit export exited ${code}`);
      return bytes;
    });
    const [folder] = readdirSync(into);
    if (!folder) throw new Error('the audit export held no folder');
    return { timing, folder: join(into, folder), remove };
  } catch (error) {
    remove();
    throw error;
  }
}

/**
 * The offline verifier over the unpacked export, every check (arithmetic included), with the
 * service's published key pinned: `verifyExport` as `npm run cli -- audit verify --key` runs it, in
 * this process (the CLI's own start, seconds on a busy machine, is left out).
 */
export async function timeVerifier(service: ScaleService, folder: string): Promise<VerifierTiming> {
  const key = (await (await download(service, '/ledger/public-key', service.tokens.auditor)).json()) as { verifierKey: string };
  const began = performance.now();
  const report = await verifyExport(await readExportDirectory(folder), { trustedKey: key.verifierKey, arithmetic: true });
  const ms = performance.now() - began;
  if (!report.ok) throw new Error(`the verifier failed the export: ${formatReport(report).slice(0, 1000)}`);
  const { events } = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as { events: number };
  return { ms, events };
}
