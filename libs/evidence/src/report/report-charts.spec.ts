import type { EvidenceFigures } from '../figures/evidence-figures.js';
import { chartSvg } from './chart-svg.js';
import { reportCharts, WITHHELD } from './report-charts.js';

const figures: EvidenceFigures = {
  observedUntil: '2019-12-31',
  lastingOutcome: 'SELF_SUPPORT_26W',
  suppression: { minimumCell: 5, suppressedCells: 3, rule: '…' },
  funnel: [
    { step: 'referred', label: 'referred', participants: 40 },
    { step: 'outcome:SELF_SUPPORT_26W', label: 'SELF_SUPPORT_26W', participants: null },
  ],
  dropout: {
    byIntakeVariant: [{ intakeVariant: 'thorough', enrolled: 20, droppedOut: 5, rate: 0.25, interval95: { low: 0.1119, high: 0.4687 } }],
    all: { intakeVariant: 'all', enrolled: 20, droppedOut: 5, rate: 0.25, interval95: { low: 0.1119, high: 0.4687 } },
  },
  jobsBeforeLastingAttachment: { participants: null, mean: null, median: null, distribution: [{ jobs: 0, participants: 0 }, { jobs: 1, participants: null }] },
  timeToFirstJob: { participants: 20, events: 10, censored: 10, medianDays: 28, points: [{ day: 0, atRisk: 20, survival: 1 }, { day: 28, atRisk: 20, survival: 0.5 }] },
  timeToLastingAttachment: { participants: 20, events: null, censored: 17, medianDays: null, points: [{ day: 0, atRisk: 20, survival: 1 }] },
  moneyByMonth: {
    currency: 'DKK',
    caps: { perParticipant: 11_000_000, total: 100_000_000 },
    months: [{ month: '2019-02', outcomes: [{ outcome: 'JOB_START', occurrences: 10, amount: 20_000_000 }], payments: { count: null, amount: null }, committedToDate: 20_000_000, paidToDate: null, headroom: 80_000_000, participantsAtCap: 0 }],
  },
};

describe('the report’s charts', () => {
  const charts = reportCharts(figures);
  const byId = Object.fromEntries(charts.map((c) => [c.id, c]));

  it('draws only shown values, and the table names what was withheld', () => {
    expect((byId.funnel.spec as { data: { values: unknown[] } }).data.values).toEqual([{ step: 'referred', participants: 40, order: 0 }]);
    expect(byId.funnel.table.rows).toEqual([['referred', 40], ['SELF_SUPPORT_26W', WITHHELD]]);
    expect(byId['money-against-caps'].table.rows[0]).toEqual(['2019-02', 200_000, WITHHELD, 800_000, 0]);
  });

  it('has nothing to draw where every cell is withheld', () => {
    expect(byId['jobs-before-lasting'].spec).toBeNull();
    expect(byId['jobs-before-lasting'].title).toContain('mean withheld');
  });

  it('renders a chart to SVG with its title and axis titles', async () => {
    const svg = await chartSvg(byId.dropout.spec!);
    expect(svg).toMatch(/^<svg/);
    for (const text of ['Dropout by intake variant', 'Intake variant', 'Dropout (share of enrolled)']) expect(svg).toContain(text);
  });
});
