import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EvidenceFiguresView } from '#contracts';
import { runCli } from './app-process.js';
import type { DemoClient } from './demo-client.js';

const pct = (share: number | null) => (share === null ? 'withheld' : `${(share * 100).toFixed(1)} %`);

/**
 * The evaluators' view of the demo contract: its evidence package and report, downloaded by the
 * CLI's `export evidence` (which checks the package's SHA-256) into a folder
 * of their own (kept after the demo), and the dropout and "employment relationships before a
 * lasting attachment" figures as the service computes them.
 */
export async function evidenceLines(client: DemoClient, baseUrl: string, contractId: string, token: string): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ov-demo-evidence-'));
  const out = join(dir, `${contractId}-evidence.zip`);
  const report = join(dir, `${contractId}-report.html`);
  await runCli(['export', 'evidence', '--contract', contractId, '--out', out, '--report', report, '--url', baseUrl], { OUTCOMES_TOKEN: token });
  const { status, body } = await client.get<EvidenceFiguresView>(token, `/contracts/${contractId}/figures`);
  if (status !== 200 || body === undefined) throw new Error(`GET /contracts/${contractId}/figures answered ${status}`);
  const jobs = body.jobsBeforeLastingAttachment;
  return [
    `Evaluators (GET /contracts/${contractId}/figures; cells of fewer than 5 participants withheld: ${body.suppression.suppressedCells})`,
    ...[...body.dropout.byIntakeVariant, body.dropout.all].map(
      (d) =>
        `  dropout, ${d.intakeVariant.padEnd(9)} ${pct(d.rate).padStart(8)} of ${d.enrolled ?? 'withheld'} enrolled` +
        (d.interval95 === null ? '' : ` (95 % interval ${pct(d.interval95.low)} to ${pct(d.interval95.high)})`),
    ),
    `  employment relationships before a lasting attachment (first ${body.lastingOutcome}): ` +
      (jobs.mean === null
        ? 'withheld (fewer than 5 participants with one so far)'
        : `mean ${jobs.mean}, median ${jobs.median}, of ${jobs.participants} participants`),
    `  evidence package  ${out}`,
    `  report            ${report}`,
  ];
}
