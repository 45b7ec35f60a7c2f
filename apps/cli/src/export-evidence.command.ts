import { createWriteStream } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Command } from 'commander';
import { DATE_GRANULARITIES } from '#domain';
import { DigestStream } from '#evidence';
import { consoleOutput, exitWith, type Output, reach, refusalOf, ServiceCallFailed, serviceOf, tokenOption, urlOption } from './service-client.js';

export interface EvidenceExportOptions {
  contract: string;
  /** Where to write the package (.zip). */
  out: string;
  /** Also write the report: to this file, or (true) next to the package with .html. */
  report?: string | boolean;
  dateGranularity?: string;
  studyKey?: string;
  asOf?: string;
  url: string;
  /** Bearer token; OUTCOMES_TOKEN when absent. */
  token?: string;
}

export const EXPORT_EXIT = { ok: 0, failed: 2 } as const;

/**
 * Downloads the evidence package (`GET /contracts/<id>/evidence-package`) into `--out`, checking
 * its SHA-256 against the X-Package-SHA256 the service recorded, and the report when asked.
 * Returns the exit code rather than exiting, so tests and scripts can call it.
 */
export async function runEvidenceExport(options: EvidenceExportOptions, output: Output = consoleOutput): Promise<number> {
  try {
    const { base, token } = serviceOf(options);
    if (options.dateGranularity !== undefined && !(DATE_GRANULARITIES as readonly string[]).includes(options.dateGranularity)) {
      throw new ServiceCallFailed(`--date-granularity must be one of ${DATE_GRANULARITIES.join(', ')}`);
    }
    const contract = encodeURIComponent(options.contract);
    const query = new URLSearchParams();
    if (options.asOf) query.set('asOf', options.asOf);
    const get = async (path: string, extra: URLSearchParams = new URLSearchParams()): Promise<Response> => {
      const search = new URLSearchParams([...query, ...extra]).toString();
      return reach(base, new URL(`contracts/${contract}/${path}${search ? `?${search}` : ''}`, base), { headers: { authorization: `Bearer ${token}` } });
    };

    const packageQuery = new URLSearchParams();
    if (options.dateGranularity) packageQuery.set('dateGranularity', options.dateGranularity);
    if (options.studyKey) packageQuery.set('studyKey', options.studyKey);
    const response = await get('evidence-package', packageQuery);
    if (response.status !== 200 || response.body === null) throw await refusalOf(response);
    const digest = new DigestStream();
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), digest, createWriteStream(options.out));
    const sha256 = digest.digest();
    const recorded = response.headers.get('x-package-sha256');
    if (recorded !== sha256) {
      await rm(options.out, { force: true });
      throw new ServiceCallFailed(`the package received has SHA-256 ${sha256}, but the service recorded ${recorded ?? 'none'}: not kept`);
    }
    output.out(`evidence package of ${options.contract} written to ${options.out} (${digest.bytes} bytes, SHA-256 ${sha256}, recorded in the contract's log)`);

    if (options.report) {
      const path = typeof options.report === 'string' ? options.report : options.out.replace(/(\.zip)?$/, '.html');
      const report = await get('report');
      if (report.status !== 200) throw await refusalOf(report);
      await writeFile(path, await report.text());
      output.out(`report written to ${path}`);
    }
    return EXPORT_EXIT.ok;
  } catch (error) {
    output.err(`export failed: ${error instanceof Error ? error.message : String(error)}`);
    return EXPORT_EXIT.failed;
  }
}

/** `export evidence --contract aalborg-impact60 --out impact60.zip [--report]` */
export function exportCommand(exit: (code: number) => void = exitWith): Command {
  const evidence = new Command('evidence')
    .description(
      "download a contract's pseudonymised evidence package (a ZIP holding a Frictionless Data Package) from a running service, " +
        'checking its SHA-256 against the one the service recorded; exit code 0 written, 2 not',
    )
    .requiredOption('--contract <id>', 'the contract')
    .requiredOption('--out <file>', 'where to write the package (.zip)')
    .option('--report [file]', 'also write the HTML report (default: the package path with .html)')
    .option('--date-granularity <granularity>', `dates as recorded or coarsened: ${DATE_GRANULARITIES.join(' | ')}`)
    .option('--study-key <name>', 'a named, stable study key: packages exported under it share pseudonyms')
    .option('--as-of <instant>', 'as recorded at this ISO-8601 instant (default: now)')
    .addOption(urlOption())
    .addOption(tokenOption('an evaluator or auditor'))
    .action(async (options: EvidenceExportOptions) => {
      exit(await runEvidenceExport(options));
    });
  return new Command('export').description('exports for evaluators').addCommand(evidence);
}
