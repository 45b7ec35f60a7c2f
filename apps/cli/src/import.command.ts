import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { Command } from 'commander';
import type { ImportReport } from '#contracts';
import { formatMinorUnits } from '#domain';
import { localeOption } from './locale.option.js';
import { consoleOutput, exitWith, type Output, reach, refusalOfText, ServiceCallFailed, serviceOf, tokenOption, urlOption } from './service-client.js';

export type { Output } from './service-client.js';

export interface ImportOptions {
  /** The JSON Lines file (`.gz`: sent gzip-compressed as it is). */
  file: string;
  contract: string;
  /** The running service, e.g. http://127.0.0.1:3000. */
  url: string;
  /** Bearer token; OUTCOMES_TOKEN when absent. */
  token?: string;
  /** Print the report as JSON instead of the summary. */
  json?: boolean;
  /** How amounts are written (formatMinorUnits); da-DK when absent. */
  locale?: string;
}

/** Exit codes: every line applied (or already there); some lines rejected; the import could not be made. */
export const IMPORT_EXIT = { ok: 0, rejectedLines: 1, failed: 2 } as const;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The human-readable report: a summary, then each rejected line with its reason. */
export function formatImportReport(report: ImportReport, locale?: string): string[] {
  const lines = [
    `import into ${report.contractId}: ${plural(report.lines, 'line')}: ${report.accepted} accepted` +
      `${report.unchanged > 0 ? ` (${report.unchanged} unchanged)` : ''}, ${plural(report.duplicates, 'duplicate')} (already imported), ${report.rejected.length} rejected`,
    `recorded ${plural(report.recorded, 'event')}; outcomes ${report.outcomes.verified} verified, ${report.outcomes.reversed} reversed ` +
      `(net ${formatMinorUnits(report.outcomes.netAmount, locale, { signed: true })}); contract log at version ${report.version}`,
  ];
  if (report.referrals.length > 0) lines.push(`referrals: ${plural(report.referrals.length, 'participant pseudonym')} in the report (--json to see them)`);
  if (report.rejected.length > 0) {
    lines.push('rejected lines:');
    for (const r of report.rejected) {
      lines.push(`  line ${r.line}${r.commandId ? ` (${r.commandId})` : ''}: ${r.error}${r.field ? ` [${r.field}]` : ''}: ${r.message}`);
    }
  }
  return lines;
}

/**
 * Streams the file to `POST <url>/contracts/<contract>/imports` and prints the report. Returns the
 * exit code (IMPORT_EXIT) rather than exiting, so it can be called from tests and scripts.
 */
export async function runImport(options: ImportOptions, output: Output = consoleOutput): Promise<number> {
  try {
    const { base, token } = serviceOf(options);
    const info = await stat(options.file).catch(() => undefined);
    if (!info?.isFile()) throw new ServiceCallFailed(`no such file: ${options.file}`);
    const gzip = options.file.endsWith('.gz');
    const target = new URL(`contracts/${encodeURIComponent(options.contract)}/imports`, base);
    const response = await reach(base, target, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/x-ndjson',
        'content-length': String(info.size),
        ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      },
      body: Readable.toWeb(createReadStream(options.file)) as ReadableStream<Uint8Array>,
      duplex: 'half',
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (response.status !== 200 || body === undefined) throw refusalOfText(response.status, text);
    const report = body as ImportReport;
    if (options.json) output.out(JSON.stringify(report, null, 2));
    else for (const line of formatImportReport(report, options.locale)) output.out(line);
    return report.rejected.length > 0 ? IMPORT_EXIT.rejectedLines : IMPORT_EXIT.ok;
  } catch (error) {
    output.err(`import failed: ${error instanceof Error ? error.message : String(error)}`);
    return IMPORT_EXIT.failed;
  }
}

/** `import facts.jsonl --contract aalborg-impact60 --url http://127.0.0.1:3000 --token <token>` */
export function importCommand(exit: (code: number) => void = exitWith): Command {
  return new Command('import')
    .description(
      'send a JSON Lines file of facts (one {"commandId","type","data"} per line) to a running service and print the report; ' +
        'exit code 0 all applied, 1 some lines rejected, 2 the import could not be made',
    )
    .argument('<file>', 'the .jsonl file (a .gz file is sent compressed)')
    .requiredOption('--contract <id>', 'the contract the facts belong to')
    .addOption(urlOption())
    .addOption(tokenOption())
    .option('--json', 'print the full report as JSON')
    .addOption(localeOption())
    .action(async (file: string, options: Omit<ImportOptions, 'file'>) => {
      exit(await runImport({ ...options, file }));
    });
}
