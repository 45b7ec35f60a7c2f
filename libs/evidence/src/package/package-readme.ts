import { MINIMUM_CELL } from '../figures/cell-suppression.js';
import type { ContractEvidence } from '../tables/contract-evidence.js';
import type { EvidencePackageMetadata } from './package-metadata.js';
import { TABLE_RESOURCES } from './evidence-resources.js';

/** The package's README resource: what each table is, the definitions, and how the figures are computed. */
export function packageReadme(evidence: ContractEvidence, meta: EvidencePackageMetadata): string {
  const { contract } = evidence;
  const lasting = evidence.outcomes.find((o) => o.lastingAttachment)?.outcome ?? '(none)';
  const kinds = contract.employmentKinds === null ? 'of any kind' : `of kind ${contract.employmentKinds.split(',').join(' or ')}`;
  const dates = {
    day: 'Dates are civil dates (YYYY-MM-DD, Europe/Copenhagen) as recorded.',
    week: 'Dates are coarsened to their ISO week (YYYY-Www): every date column holds the week the date falls in.',
    month: 'Dates are coarsened to their month (YYYY-MM): every date column holds the month the date falls in.',
  }[meta.granularity];
  return `# ${contract.title}: evidence package

Contract \`${contract.contract}\`, as recorded at ${meta.asOf}: the contract's log at stream version
${meta.takenAt.streamVersion} (global log position ${meta.takenAt.globalPosition}). Package ${meta.exportId}, made ${meta.created}.
Follow-up ends on ${contract.observedUntil} (\`observedUntil\` in contract.csv): the latest date any recorded fact speaks
of (facts arrive after the fact: payslips a month late, the benefit register about two), but not after the as-of date or
the end of the contract's window.

## Tying the package to the log

The service recorded this export in the contract's log as an \`EvidenceExported\` fact naming who
exported it, when, with which options, the log position above, and the SHA-256 of this ZIP file
(also sent as \`X-Package-SHA256\`). An auditor finds the fact in the log and compares the hash.
${meta.ledger ? `The package's log position is covered by the signed ledger checkpoint in \`datapackage.json\` (\`evidence.ledger\`): the contract's head there is ledger index ${meta.ledger.contractHead.ledgerIndex}.` : 'The verifiable ledger (signed checkpoints) does not exist yet; once it does, `datapackage.json` names the checkpoint and the contract head here.'}
Each resource's byte count and SHA-256 are in \`datapackage.json\` (\`bytes\`, \`hash\`).

## Tables

${TABLE_RESOURCES.map((r) => `- \`${r.path}\`: ${r.description} Key: ${r.primaryKey.join(', ')}.`).join('\n')}

Every CSV has a header row, comma separators, UTF-8, \`\\n\` line ends; an empty cell is a missing
value. Each has a Table Schema in \`datapackage.json\` (types, constraints, primary and foreign keys).
Amounts are integers in the minor unit of ${contract.currency} (øre for DKK). ${dates}

## Privacy

- No CPR number, no employer reference, no payroll document and no in-service pseudonym is in this
  package. Free-text reasons are given as recorded, with anything shaped like a CPR number masked.
- Participants (\`e_…\`) and employers (\`m_…\`) are pseudonymised with HMAC-SHA-256 under ${
    meta.studyKey === null
      ? 'a key made for this export alone and then discarded: no other package shares these pseudonyms, and rows are ordered by them, so two packages cannot be joined on pseudonyms or row order'
      : `the study key \`${meta.studyKey}\` (derived by the service for this evaluator and name): every package exported under it gives a participant the same pseudonym, so the study's packages can be joined, and no other package shares them`
  }.
- The facts themselves (dates, placements, weeks) are the same in two packages of one contract;
  coarsening the dates (weeks or months) makes it harder to match rows on them.

## Definitions

- **Employment**: a day inside a placement of at least ${contract.employmentMinHoursPerWeek} hours a week ${kinds} (the contract's
  own rule for sustained employment) and inside unrevoked payroll evidence recorded for that placement, while enrolled
  (from \`enrolledOn\` to the day before \`withdrawnOn\`). These days make the employment spells; a gap of one day ends a spell.
- **First evidenced job**: the first day of a participant's first spell.
- **Employment relationship**: a placement that counts as employment (\`qualifying\`) with at least one evidenced day (\`evidencedDays\` > 0).
- **Lasting attachment**: the first verified, unreversed occurrence of \`${lasting}\`
  (the benefit-free-weeks outcome asking for the most weeks, or else the contract's last outcome), on its \`achievedOn\` date.
- **Dropout**: an enrolled participant withdrawn on or before \`observedUntil\` without a lasting attachment.
- **Follow-up** of an enrolled participant runs from \`enrolledOn\` (day 0) to the day before \`withdrawnOn\`, or to
  \`observedUntil\` while still enrolled; a participant without the event by then is censored there.

## How the figures are computed (\`GET /contracts/{id}/figures\`)

From these tables alone (a day-granular package reproduces them exactly):

- **Funnel**: participants referred; accepted at intake; enrolled; placed (any placement); with a first evidenced job; with a
  verified, unreversed occurrence of each outcome.
- **Dropout by intake variant**: dropouts over enrolled participants per \`intakeVariant\` (empty: \`unspecified\`) and in all,
  with Wilson's 95 % score interval (z = 1.95996).
- **Employment relationships before a lasting attachment**: for each participant with one, the employment relationships that
  started on or before it; their distribution, mean and median.
- **Time to first job** and **time to lasting attachment**: Kaplan–Meier estimates of the share without the event, in days
  since enrolment, with censoring at the end of follow-up; events on one day count together, censoring on an event's day
  comes after it. Given every 7 days.
- **Outcomes and payments by month**: verified, unreversed occurrences by the month of \`achievedOn\`, payments by the month of
  \`confirmedOn\`, and the running totals against the caps.

The figures that leave the service withhold every cell of 1 to ${MINIMUM_CELL - 1} participants (and what can be derived from it);
this package is the microdata itself and withholds nothing. Shares, means and survival are rounded to 4 decimals.
`;
}
