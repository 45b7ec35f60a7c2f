import { SHA, weeks } from '#test-support/impact60.js';

export interface ImportLine {
  commandId: string;
  type: string;
  data: Record<string, unknown>;
}

/** A JSON Lines body from lines (objects, or raw text for lines that are meant to be broken). */
export function jsonl(lines: Array<ImportLine | string>): string {
  return `${lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n')}\n`;
}

export const NDJSON = { 'content-type': 'application/x-ndjson' };

/**
 * docs/rules.md §5's worked example as the import files its parties would send, in the order they
 * would send them (the order matters: caps are applied in verification order). `participantId`
 * is P1's pseudonym, as the referral file's report gives it.
 */
export function workedExampleFiles(participantId: string, prefix = 'we'): Array<{ role: 'commissioner' | 'provider'; lines: ImportLine[] }> {
  const P = { participantId };
  let n = 0;
  const id = (): string => `${prefix}:${String(++n).padStart(4, '0')}`;
  const week = (w: string, benefitPaid: boolean, source = 'DREAM'): ImportLine => ({
    commandId: id(),
    type: 'RecordBenefitWeek',
    data: { ...P, week: w, benefitPaid, source },
  });
  return [
    {
      role: 'provider',
      lines: [
        { commandId: id(), type: 'EnrolParticipant', data: { ...P, enrolledOn: '2019-01-07' } },
        // row 1
        {
          commandId: id(),
          type: 'StartPlacement',
          data: { ...P, placementId: 'A', employerRef: 'emp-1', kind: 'ordinary', hoursPerWeek: 20, startDate: '2019-02-04' },
        },
        { commandId: id(), type: 'EndPlacement', data: { ...P, placementId: 'A', endDate: '2019-03-10', reason: 'contract ended' } },
        {
          commandId: id(),
          type: 'RecordPayrollEvidence',
          data: { ...P, evidenceId: 'ev-A', placementId: 'A', periodFrom: '2019-02-04', periodTo: '2019-03-10', source: 'eIndkomst', documentSha256: SHA(1) },
        },
        // row 2
        {
          commandId: id(),
          type: 'StartPlacement',
          data: { ...P, placementId: 'B', employerRef: 'emp-2', kind: 'ordinary', hoursPerWeek: 30, startDate: '2019-04-01' },
        },
        {
          commandId: id(),
          type: 'RecordPayrollEvidence',
          data: { ...P, evidenceId: 'ev-B1', placementId: 'B', periodFrom: '2019-04-01', periodTo: '2019-06-30', source: 'eIndkomst', documentSha256: SHA(2) },
        },
      ],
    },
    // row 3
    { role: 'commissioner', lines: weeks(2019, 6, 31).map((w) => week(w, false)) },
    // row 4
    {
      role: 'provider',
      lines: [
        {
          commandId: id(),
          type: 'RecordPayrollEvidence',
          data: { ...P, evidenceId: 'ev-B2', placementId: 'B', periodFrom: '2019-07-01', periodTo: '2019-08-25', source: 'eIndkomst', documentSha256: SHA(3) },
        },
      ],
    },
    // rows 5 and 6: the register correction, then the later weeks, in one file
    { role: 'commissioner', lines: [week('2019-W20', true, 'DREAM correction'), ...weeks(2019, 32, 46).map((w) => week(w, false))] },
  ];
}
