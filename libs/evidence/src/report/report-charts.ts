import type { TopLevelSpec } from 'vega-lite';
import type { EvidenceFigures } from '../figures/evidence-figures.js';
import type { TimeToEventFigures } from '../figures/time-to-event.figure.js';

/** The data behind a chart, as a table for screen readers (and anyone who wants the numbers). */
export interface ChartTable {
  columns: string[];
  rows: Array<Array<string | number>>;
}

export interface ReportChart {
  id: string;
  title: string;
  description: string;
  /** Null when there is nothing to draw (no data yet, or every cell withheld). */
  spec: TopLevelSpec | null;
  table: ChartTable;
}

export const WITHHELD = 'withheld (fewer than 5)';

const shown = (value: number | null): string | number => (value === null ? WITHHELD : value);
const percent = (share: number | null): string => (share === null ? WITHHELD : `${(share * 100).toFixed(1)} %`);
const kroner = (minor: number | null): string | number => (minor === null ? WITHHELD : minor / 100);

const WIDTH = 560;
const BASE = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', width: WIDTH, config: { font: 'sans-serif', view: { stroke: null } } } as const;

function chart(id: string, title: string, description: string, table: ChartTable, values: object[], spec: Record<string, unknown>): ReportChart {
  return {
    id,
    title,
    description,
    spec: values.length === 0 ? null : ({ ...BASE, title, description, data: { values }, ...spec } as TopLevelSpec),
    table,
  };
}

function funnel(f: EvidenceFigures): ReportChart {
  const values = f.funnel.filter((s) => s.participants !== null).map((s, order) => ({ step: s.label, participants: s.participants, order }));
  return chart(
    'funnel',
    'From referral to lasting outcome',
    'Participants who got at least this far, from referral to each outcome.',
    { columns: ['step', 'participants'], rows: f.funnel.map((s) => [s.label, shown(s.participants)]) },
    values,
    {
      height: 24 * values.length,
      mark: { type: 'bar', color: '#2b6cb0' },
      encoding: {
        y: { field: 'step', type: 'nominal', sort: { field: 'order' }, title: 'Step' },
        x: { field: 'participants', type: 'quantitative', title: 'Participants' },
      },
    },
  );
}

function dropout(f: EvidenceFigures): ReportChart {
  const rows = [...f.dropout.byIntakeVariant, f.dropout.all];
  const values = rows.filter((r) => r.rate !== null).map((r) => ({ variant: r.intakeVariant, rate: r.rate, low: r.interval95?.low, high: r.interval95?.high }));
  return chart(
    'dropout',
    'Dropout by intake variant',
    'Share of enrolled participants withdrawn before a lasting attachment, with Wilson 95 % intervals.',
    {
      columns: ['intake variant', 'enrolled', 'dropped out', 'dropout', '95 % interval'],
      rows: rows.map((r) => [
        r.intakeVariant,
        shown(r.enrolled),
        shown(r.droppedOut),
        percent(r.rate),
        r.interval95 === null ? WITHHELD : `${percent(r.interval95.low)} to ${percent(r.interval95.high)}`,
      ]),
    },
    values,
    {
      height: 220,
      encoding: { x: { field: 'variant', type: 'nominal', title: 'Intake variant', axis: { labelAngle: 0 } } },
      layer: [
        {
          mark: { type: 'bar', color: '#c05621' },
          encoding: { y: { field: 'rate', type: 'quantitative', title: 'Dropout (share of enrolled)', axis: { format: '%' }, scale: { domain: [0, 1] } } },
        },
        { mark: { type: 'rule', strokeWidth: 2 }, encoding: { y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } } },
      ],
    },
  );
}

function jobs(f: EvidenceFigures): ReportChart {
  const j = f.jobsBeforeLastingAttachment;
  const values = j.distribution.filter((d) => d.participants !== null && d.participants > 0).map((d) => ({ jobs: d.jobs, participants: d.participants }));
  const summary = j.mean === null ? 'mean withheld' : `mean ${j.mean}, median ${j.median}, of ${j.participants} participants`;
  return chart(
    'jobs-before-lasting',
    `Employment relationships before a lasting attachment (${summary})`,
    'For participants with a lasting attachment: how many employment relationships started on or before it.',
    {
      columns: ['employment relationships', 'participants'],
      rows: [...j.distribution.map((d) => [d.jobs, shown(d.participants)]), ['mean', shown(j.mean)], ['median', shown(j.median)]],
    },
    values,
    {
      height: 200,
      mark: { type: 'bar', color: '#2f855a' },
      encoding: {
        x: { field: 'jobs', type: 'ordinal', title: 'Employment relationships', axis: { labelAngle: 0 } },
        y: { field: 'participants', type: 'quantitative', title: 'Participants' },
      },
    },
  );
}

function timeToEvent(id: string, title: string, event: string, t: TimeToEventFigures): ReportChart {
  const values = t.points.map((p) => ({ week: p.day / 7, share: Math.round((1 - p.survival) * 10_000) / 10_000 }));
  return chart(
    id,
    title,
    `Kaplan–Meier estimate of the share of enrolled participants with ${event}, by weeks since enrolment (censored at withdrawal or the end of follow-up).`,
    { columns: ['weeks since enrolment', 'still followed', `share with ${event}`], rows: t.points.map((p) => [p.day / 7, p.atRisk, percent(1 - p.survival)]) },
    values,
    {
      height: 220,
      mark: { type: 'line', interpolate: 'step-after', color: '#6b46c1', strokeWidth: 2 },
      encoding: {
        x: { field: 'week', type: 'quantitative', title: 'Weeks since enrolment' },
        y: { field: 'share', type: 'quantitative', title: `Share with ${event}`, axis: { format: '%' }, scale: { domain: [0, 1] } },
      },
    },
  );
}

function outcomesByMonth(f: EvidenceFigures): ReportChart {
  const values = f.moneyByMonth.months.flatMap((m) =>
    m.outcomes.filter((o) => o.occurrences !== null && o.occurrences > 0).map((o) => ({ month: m.month, outcome: o.outcome, occurrences: o.occurrences })),
  );
  const codes = f.moneyByMonth.months[0]?.outcomes.map((o) => o.outcome) ?? [];
  return chart(
    'outcomes-by-month',
    'Outcomes achieved by month',
    'Verified, unreversed occurrences by the month they were achieved in, per outcome.',
    { columns: ['month', ...codes], rows: f.moneyByMonth.months.map((m) => [m.month, ...m.outcomes.map((o) => shown(o.occurrences))]) },
    values,
    {
      height: 220,
      mark: 'bar',
      encoding: {
        x: { field: 'month', type: 'ordinal', title: 'Month achieved' },
        y: { field: 'occurrences', type: 'quantitative', title: 'Occurrences', stack: 'zero' },
        color: { field: 'outcome', type: 'nominal', title: 'Outcome' },
      },
    },
  );
}

function moneyAgainstCaps(f: EvidenceFigures): ReportChart {
  const money = f.moneyByMonth;
  const values = money.months.flatMap((m) => [
    ...(m.committedToDate === null ? [] : [{ month: m.month, series: 'triggered to date', amount: m.committedToDate / 100 }]),
    ...(m.paidToDate === null ? [] : [{ month: m.month, series: 'paid to date', amount: m.paidToDate / 100 }]),
  ]);
  const cap = money.caps.total;
  const layers: object[] = [
    {
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'month', type: 'ordinal', title: 'Month' },
        y: { field: 'amount', type: 'quantitative', title: `Amount (${money.currency})` },
        color: { field: 'series', type: 'nominal', title: 'Money' },
      },
    },
  ];
  if (cap !== null)
    layers.push({
      data: { values: [{ cap: cap / 100 }] },
      mark: { type: 'rule', strokeDash: [6, 4], color: '#9b2c2c' },
      encoding: { y: { field: 'cap', type: 'quantitative' } },
    });
  return chart(
    'money-against-caps',
    cap === null ? 'Money triggered and paid' : `Money triggered and paid against the total cap of ${(cap / 100).toLocaleString('en-US')} ${money.currency}`,
    'Amounts of verified, unreversed occurrences achieved by each month’s end, and payments confirmed by then; the dashed line is the total cap.',
    {
      columns: [
        'month',
        `triggered to date (${money.currency})`,
        `paid to date (${money.currency})`,
        `headroom (${money.currency})`,
        'participants at their cap',
      ],
      rows: money.months.map((m) => [
        m.month,
        kroner(m.committedToDate),
        kroner(m.paidToDate),
        kroner(m.headroom),
        m.participantsAtCap === null ? WITHHELD : m.participantsAtCap,
      ]),
    },
    values,
    { height: 220, layer: layers },
  );
}

/** The report's charts, each with the table behind it. */
export function reportCharts(figures: EvidenceFigures): ReportChart[] {
  return [
    funnel(figures),
    dropout(figures),
    jobs(figures),
    timeToEvent('time-to-first-job', 'Time from enrolment to first evidenced job', 'a first evidenced job', figures.timeToFirstJob),
    timeToEvent('time-to-lasting-attachment', 'Time from enrolment to lasting attachment', 'a lasting attachment', figures.timeToLastingAttachment),
    outcomesByMonth(figures),
    moneyAgainstCaps(figures),
  ];
}
