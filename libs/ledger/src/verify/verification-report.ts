/** What the verifier checks, each reported with what it found. */
export type CheckName = 'key' | 'checkpoint' | 'export' | 'leaves' | 'chain' | 'versions' | 'instants' | 'head' | 'tree' | 'arithmetic';

export interface Finding {
  check: CheckName;
  /** The ledger index the finding is about; null when it concerns the export as a whole. */
  index: number | null;
  message: string;
}

export interface CheckResult {
  check: CheckName;
  ok: boolean;
  /** What was checked, in a sentence. */
  summary: string;
}

export interface VerificationReport {
  ok: boolean;
  contractId: string | null;
  treeSize: number | null;
  /** The key the checkpoint was checked with: pinned by the auditor, or the export's own (trusted on request). */
  key: { pinned: boolean; fingerprint: string | null };
  checks: CheckResult[];
  /** What the verifier read past although an exporter does not write it (docs/ledger.md §5): nothing signed depends on it. */
  tolerated: string[];
  /** The first failures, in the order found (at most MAX_LISTED). */
  failures: Finding[];
  failureCount: number;
}

export const MAX_LISTED = 10_000;

/** A hash as a failure message quotes it: its first 16 hex digits. */
export const shortHash = (hex: string): string => hex.slice(0, 16);

/** Collects findings; keeps the first MAX_LISTED and counts the rest. */
export class Findings {
  readonly list: Finding[] = [];
  readonly tolerated: string[] = [];
  private readonly counts = new Map<CheckName, number>();
  count = 0;

  add(check: CheckName, index: number | null, message: string): void {
    this.count++;
    this.counts.set(check, (this.counts.get(check) ?? 0) + 1);
    if (this.list.length < MAX_LISTED) this.list.push({ check, index, message });
  }

  /** Something an exporter does not write, read past because no signed byte depends on it. */
  tolerate(message: string): void {
    this.tolerated.push(message);
  }

  of(check: CheckName): number {
    return this.counts.get(check) ?? 0;
  }
}

/** The report as the CLI prints it: every check with what it covered, then each failure with its ledger index. */
export function formatReport(report: VerificationReport): string {
  const lines = [`Audit export of contract ${report.contractId ?? '(unknown)'} at tree size ${report.treeSize ?? '(unknown)'}`];
  for (const check of report.checks) lines.push(`  ${check.ok ? 'ok  ' : 'FAIL'} ${check.check.padEnd(10)} ${check.summary}`);
  if (report.failureCount > 0) {
    lines.push('', `${report.failureCount} failure${report.failureCount === 1 ? '' : 's'}:`);
    for (const f of report.failures) lines.push(`  ${f.index === null ? 'export' : `index ${f.index}`} [${f.check}]: ${f.message}`);
    if (report.failureCount > report.failures.length) lines.push(`  ... and ${report.failureCount - report.failures.length} more`);
  }
  if (report.tolerated.length > 0) {
    lines.push('', 'Read past (an exporter does not write it; no signed byte depends on it):');
    for (const message of report.tolerated) lines.push(`  ${message}`);
  }
  lines.push('', verdictOf(report));
  return `${lines.join('\n')}\n`;
}

function verdictOf({ ok, key }: VerificationReport): string {
  if (!ok) return 'NOT VERIFIED';
  const verified = 'nothing in this history was changed, removed, inserted or reordered, and every payment follows from its facts';
  if (key.pinned) return `VERIFIED: ${verified}.`;
  return (
    `VERIFIED WITH A KEY YOU DID NOT PIN: the export’s own key, fingerprint ${key.fingerprint}. Only if that is the service’s key: ${verified}. ` +
    'Whoever made the export could have signed it with a key of their own: compare the fingerprint with the key the service publishes, or verify with --key.'
  );
}
