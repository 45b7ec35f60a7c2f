import { type DateGranularity, PLACEMENT_KINDS } from '#domain';
import type { ContractEvidence, ParticipantEvidence } from '../tables/contract-evidence.js';
import type { BenefitWeekRow, ContractRow, OccurrenceRow, OutcomeRow, ParticipantRow, PaymentRow, PlacementRow, SpellRow } from '../tables/evidence-rows.js';
import { coarsenDate, ISO_WEEK_PATTERN } from './date-coarsening.js';
import type { ExportPseudonyms } from './export-pseudonyms.js';

/** How one package is made: its pseudonyms and how finely it gives dates. */
export interface ExportContext {
  pseudonyms: ExportPseudonyms;
  granularity: DateGranularity;
}

type Cell = string | number | boolean | null;

/**
 * A column: its Table Schema type (`date` fields follow the package's granularity), and how its
 * cell is read from a row. The schema and the CSV come from the same list, so they cannot drift.
 */
interface Field<Row> {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'week' | 'month';
  description: string;
  required?: boolean;
  enum?: readonly string[];
  minimum?: number;
  cell(row: Row, context: ExportContext): Cell;
}

export interface TableResource<Row> {
  name: string;
  path: string;
  title: string;
  description: string;
  fields: Array<Field<Row>>;
  primaryKey: string[];
  foreignKeys: Array<{ fields: string[]; resource: string; reference: string[] }>;
  /** The rows, in the order written: participants ordered by their export pseudonym. */
  rows(evidence: ContractEvidence, ordered: readonly ParticipantEvidence[]): Iterable<Row>;
}

const date = (value: string | null, context: ExportContext): string | null => (value === null ? null : coarsenDate(value, context.granularity));
const participant = <Row extends { participant: string }>(
  description = 'The participant’s pseudonym in this package (see README: pseudonyms)',
): Field<Row> => ({
  name: 'participant',
  type: 'string',
  description,
  required: true,
  cell: (row, context) => context.pseudonyms.participant(row.participant),
});
const perParticipant = <Row>(rowsOf: (p: ParticipantEvidence) => Row[]) =>
  function* rows(_: ContractEvidence, ordered: readonly ParticipantEvidence[]): Iterable<Row> {
    for (const p of ordered) yield* rowsOf(p);
  };
const OUTCOME_KEY = ['participant', 'outcome', 'occurrence', 'revision'];

const contract: TableResource<ContractRow> = {
  name: 'contract',
  path: 'data/contract.csv',
  title: 'The contract',
  description: 'One row: the contract, its caps, the employment rule and the end of follow-up.',
  fields: [
    { name: 'contract', type: 'string', description: 'Contract id', required: true, cell: (r) => r.contract },
    { name: 'title', type: 'string', description: 'Title', required: true, cell: (r) => r.title },
    {
      name: 'currency',
      type: 'string',
      description: 'Currency of every amount (ISO 4217); amounts are integers in its minor unit',
      required: true,
      cell: (r) => r.currency,
    },
    { name: 'periodStart', type: 'date', description: 'First day of the contract period', required: true, cell: (r, c) => date(r.periodStart, c) },
    { name: 'periodEnd', type: 'date', description: 'Last day of the contract period', required: true, cell: (r, c) => date(r.periodEnd, c) },
    {
      name: 'windowEnd',
      type: 'date',
      description: 'Last day outcomes may be achieved on (the period, or what a termination left of it)',
      required: true,
      cell: (r, c) => date(r.windowEnd, c),
    },
    {
      name: 'observedUntil',
      type: 'date',
      description: 'End of follow-up: the latest date any recorded fact speaks of, but not after the as-of date or windowEnd',
      required: true,
      cell: (r, c) => date(r.observedUntil, c),
    },
    { name: 'perParticipantCap', type: 'integer', description: 'Per-participant cap (minor units); empty: none', minimum: 0, cell: (r) => r.perParticipantCap },
    { name: 'totalCap', type: 'integer', description: 'Total cap (minor units); empty: none', minimum: 0, cell: (r) => r.totalCap },
    {
      name: 'employmentMinHoursPerWeek',
      type: 'integer',
      description: 'Hours per week a placement needs to count as employment',
      required: true,
      minimum: 0,
      cell: (r) => r.employmentMinHoursPerWeek,
    },
    {
      name: 'employmentKinds',
      type: 'string',
      description: 'Comma-separated placement kinds that count as employment; empty: every kind',
      cell: (r) => r.employmentKinds,
    },
  ],
  primaryKey: ['contract'],
  foreignKeys: [],
  rows: (evidence) => [evidence.contract],
};

const outcomes: TableResource<OutcomeRow> = {
  name: 'outcomes',
  path: 'data/outcomes.csv',
  title: 'Outcomes of the contract',
  description: 'The outcomes the contract pays for, in the order of its definition, with their triggers and prices.',
  fields: [
    { name: 'outcome', type: 'string', description: 'Outcome code', required: true, cell: (r) => r.outcome },
    { name: 'position', type: 'integer', description: 'Order in the definition (1 first)', required: true, minimum: 1, cell: (r) => r.position },
    { name: 'trigger', type: 'string', description: 'Trigger type', required: true, cell: (r) => r.trigger },
    { name: 'weeks', type: 'integer', description: 'Weeks the trigger asks for', minimum: 1, cell: (r) => r.weeks },
    { name: 'minHoursPerWeek', type: 'integer', description: 'Hours per week a placement needs for the trigger', minimum: 0, cell: (r) => r.minHoursPerWeek },
    { name: 'kinds', type: 'string', description: 'Comma-separated placement kinds the trigger counts; empty: every kind', cell: (r) => r.kinds },
    {
      name: 'unbroken',
      type: 'boolean',
      description: 'The trigger’s continuous (employment) or consecutive (benefit-free weeks) flag',
      cell: (r) => r.unbroken,
    },
    { name: 'price', type: 'integer', description: 'Price (minor units)', required: true, minimum: 0, cell: (r) => r.price },
    {
      name: 'maxPerParticipant',
      type: 'integer',
      description: 'Occurrences payable per participant',
      required: true,
      minimum: 1,
      cell: (r) => r.maxPerParticipant,
    },
    {
      name: 'lastingAttachment',
      type: 'boolean',
      description: 'Its first occurrence is a lasting attachment (see README)',
      required: true,
      cell: (r) => r.lastingAttachment,
    },
  ],
  primaryKey: ['outcome'],
  foreignKeys: [],
  rows: (evidence) => evidence.outcomes,
};

const participants: TableResource<ParticipantRow> = {
  name: 'participants',
  path: 'data/participants.csv',
  title: 'Participants',
  description: 'Every citizen referred to the contract: intake, enrolment and withdrawal.',
  fields: [
    participant(),
    { name: 'referralCohort', type: 'month', description: 'Month of the referral', required: true, cell: (r) => r.referralCohort },
    { name: 'intakeVariant', type: 'string', description: 'The intake (visitation) variant; empty: not recorded', cell: (r) => r.intakeVariant },
    {
      name: 'intakeOutcome',
      type: 'string',
      description: 'Outcome of the intake',
      required: true,
      enum: ['accepted', 'rejected'],
      cell: (r) => r.intakeOutcome,
    },
    { name: 'referredOn', type: 'date', description: 'Referral date', required: true, cell: (r, c) => date(r.referredOn, c) },
    { name: 'enrolledOn', type: 'date', description: 'Enrolment date; empty: not enrolled', cell: (r, c) => date(r.enrolledOn, c) },
    {
      name: 'withdrawnOn',
      type: 'date',
      description: 'Withdrawal date (the first day no longer enrolled); empty: not withdrawn',
      cell: (r, c) => date(r.withdrawnOn, c),
    },
    { name: 'withdrawalReason', type: 'string', description: 'The reason recorded with the withdrawal', cell: (r) => r.withdrawalReason },
  ],
  primaryKey: ['participant'],
  foreignKeys: [],
  rows: (_, ordered) => ordered.map((p) => p.row),
};

const placements: TableResource<PlacementRow> = {
  name: 'placements',
  path: 'data/placements.csv',
  title: 'Placements',
  description: 'Every placement (job, flex job, education) recorded for a participant, as currently recorded (corrections applied).',
  fields: [
    participant(),
    {
      name: 'placement',
      type: 'integer',
      description: 'Number of the placement for its participant, in order of start date',
      required: true,
      minimum: 1,
      cell: (r) => r.placement,
    },
    {
      name: 'employer',
      type: 'string',
      description: 'The employer’s pseudonym in this package',
      required: true,
      cell: (r, c) => c.pseudonyms.employer(r.employer),
    },
    { name: 'kind', type: 'string', description: 'Kind of placement', required: true, enum: PLACEMENT_KINDS, cell: (r) => r.kind },
    { name: 'hoursPerWeek', type: 'number', description: 'Hours per week', required: true, minimum: 0, cell: (r) => r.hoursPerWeek },
    { name: 'startDate', type: 'date', description: 'Start date', required: true, cell: (r, c) => date(r.startDate, c) },
    { name: 'endDate', type: 'date', description: 'End date (inclusive); empty: still open', cell: (r, c) => date(r.endDate, c) },
    { name: 'endReason', type: 'string', description: 'The reason recorded with its end', cell: (r) => r.endReason },
    {
      name: 'qualifying',
      type: 'boolean',
      description: 'Counts as employment under the contract’s rule (contract.csv)',
      required: true,
      cell: (r) => r.qualifying,
    },
    {
      name: 'evidencedDays',
      type: 'integer',
      description: 'Days inside the placement and its own unrevoked payroll evidence, while enrolled',
      required: true,
      minimum: 0,
      cell: (r) => r.evidencedDays,
    },
  ],
  primaryKey: ['participant', 'placement'],
  foreignKeys: [{ fields: ['participant'], resource: 'participants', reference: ['participant'] }],
  rows: perParticipant((p) => p.placements()),
};

const spells: TableResource<SpellRow> = {
  name: 'employment-spells',
  path: 'data/employment-spells.csv',
  title: 'Employment spells',
  description: 'Evidenced employment days merged into spells: a day counts once however many placements cover it, and a gap of one day ends a spell.',
  fields: [
    participant(),
    { name: 'spell', type: 'integer', description: 'Number of the spell for its participant, in date order', required: true, minimum: 1, cell: (r) => r.spell },
    { name: 'startDate', type: 'date', description: 'First evidenced day', required: true, cell: (r, c) => date(r.startDate, c) },
    { name: 'endDate', type: 'date', description: 'Last evidenced day of a spell that has ended; empty while open', cell: (r, c) => date(r.endDate, c) },
    {
      name: 'censoredOn',
      type: 'date',
      description: 'For an open spell (a placement goes on past its evidence): its last evidenced day',
      cell: (r, c) => date(r.censoredOn, c),
    },
    { name: 'days', type: 'integer', description: 'Evidenced days in the spell', required: true, minimum: 1, cell: (r) => r.days },
  ],
  primaryKey: ['participant', 'spell'],
  foreignKeys: [{ fields: ['participant'], resource: 'participants', reference: ['participant'] }],
  rows: perParticipant((p) => p.spells()),
};

const benefitWeeks: TableResource<BenefitWeekRow> = {
  name: 'benefit-weeks',
  path: 'data/benefit-weeks.csv',
  title: 'Benefit weeks',
  description: 'The benefit register’s current record for each participant and ISO week, and how many times it was corrected.',
  fields: [
    participant(),
    { name: 'week', type: 'week', description: 'ISO week (YYYY-Www)', required: true, cell: (r) => r.week },
    { name: 'benefitPaid', type: 'boolean', description: 'Benefit was paid in the week (current record)', required: true, cell: (r) => r.benefitPaid },
    {
      name: 'corrections',
      type: 'integer',
      description: 'Times the week was recorded again after its first record',
      required: true,
      minimum: 0,
      cell: (r) => r.corrections,
    },
  ],
  primaryKey: ['participant', 'week'],
  foreignKeys: [{ fields: ['participant'], resource: 'participants', reference: ['participant'] }],
  rows: perParticipant((p) => p.benefitWeeks()),
};

const occurrences: TableResource<OccurrenceRow> = {
  name: 'occurrences',
  path: 'data/occurrences.csv',
  title: 'Outcome occurrences',
  description: 'Every payment identity ever verified: an occurrence of an outcome, in a revision (a reversed occurrence verified anew gets the next).',
  fields: [
    participant(),
    { name: 'outcome', type: 'string', description: 'Outcome code (outcomes.csv)', required: true, cell: (r) => r.outcome },
    {
      name: 'occurrence',
      type: 'integer',
      description: 'k-th occurrence of the outcome for the participant',
      required: true,
      minimum: 1,
      cell: (r) => r.occurrence,
    },
    { name: 'revision', type: 'integer', description: 'Revision of the payment identity', required: true, minimum: 1, cell: (r) => r.revision },
    { name: 'achievedOn', type: 'date', description: 'Date it was achieved on', required: true, cell: (r, c) => date(r.achievedOn, c) },
    { name: 'price', type: 'integer', description: 'Price (minor units)', required: true, minimum: 0, cell: (r) => r.price },
    {
      name: 'amount',
      type: 'integer',
      description: 'Amount it triggered: the price, or less when a cap bound (minor units)',
      required: true,
      minimum: 0,
      cell: (r) => r.amount,
    },
    {
      name: 'capReason',
      type: 'string',
      description: 'The cap that cut the amount; empty: none',
      enum: ['participant-cap', 'contract-cap'],
      cell: (r) => r.capReason,
    },
    {
      name: 'status',
      type: 'string',
      description: 'verified, or reversed since (a later fact means it no longer holds)',
      required: true,
      enum: ['verified', 'reversed'],
      cell: (r) => r.status,
    },
  ],
  primaryKey: OUTCOME_KEY,
  foreignKeys: [
    { fields: ['participant'], resource: 'participants', reference: ['participant'] },
    { fields: ['outcome'], resource: 'outcomes', reference: ['outcome'] },
  ],
  rows: perParticipant((p) => p.occurrences()),
};

const payments: TableResource<PaymentRow> = {
  name: 'payments',
  path: 'data/payments.csv',
  title: 'Payments',
  description: 'Payments confirmed by the payment service, one per payment identity (also for one reversed since: money to recover).',
  fields: [
    participant(),
    { name: 'outcome', type: 'string', description: 'Outcome code', required: true, cell: (r) => r.outcome },
    { name: 'occurrence', type: 'integer', description: 'Occurrence', required: true, minimum: 1, cell: (r) => r.occurrence },
    { name: 'revision', type: 'integer', description: 'Revision', required: true, minimum: 1, cell: (r) => r.revision },
    { name: 'confirmedOn', type: 'date', description: 'Date the payment was confirmed on', required: true, cell: (r, c) => date(r.confirmedOn, c) },
    { name: 'amount', type: 'integer', description: 'Amount paid (minor units)', required: true, minimum: 0, cell: (r) => r.amount },
  ],
  primaryKey: OUTCOME_KEY,
  foreignKeys: [{ fields: OUTCOME_KEY, resource: 'occurrences', reference: OUTCOME_KEY }],
  rows: perParticipant((p) => p.payments()),
};

/** The package's tables, in the order they are written. */
export const TABLE_RESOURCES = [contract, outcomes, participants, placements, spells, benefitWeeks, occurrences, payments] as ReadonlyArray<
  TableResource<unknown>
>;

/** The Table Schema of a resource for a package of the given granularity. */
export function tableSchema(resource: TableResource<unknown>, granularity: DateGranularity): Record<string, unknown> {
  return {
    $schema: 'https://datapackage.org/profiles/2.0/tableschema.json',
    fields: resource.fields.map((field) => {
      const constraints: Record<string, unknown> = {};
      if (field.required) constraints.required = true;
      if (field.enum) constraints.enum = [...field.enum];
      if (field.minimum !== undefined) constraints.minimum = field.minimum;
      let type: Record<string, unknown> = { type: field.type };
      if (field.type === 'month') type = { type: 'yearmonth' };
      if (field.type === 'week') {
        type = { type: 'string' };
        constraints.pattern = ISO_WEEK_PATTERN;
      }
      if (field.type === 'date' && granularity !== 'day') {
        type = granularity === 'month' ? { type: 'yearmonth' } : { type: 'string' };
        if (granularity === 'week') constraints.pattern = ISO_WEEK_PATTERN;
      }
      return { name: field.name, ...type, description: field.description, ...(Object.keys(constraints).length > 0 ? { constraints } : {}) };
    }),
    missingValues: [''],
    primaryKey: resource.primaryKey,
    ...(resource.foreignKeys.length > 0
      ? { foreignKeys: resource.foreignKeys.map((fk) => ({ fields: fk.fields, reference: { resource: fk.resource, fields: fk.reference } })) }
      : {}),
  };
}

/** One row as CSV cells (strings), in the schema's field order; empty for a missing value. */
export function csvCells(resource: TableResource<unknown>, row: unknown, context: ExportContext): string[] {
  return resource.fields.map((field) => {
    const value = field.cell(row, context);
    return value === null ? '' : typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value);
  });
}
