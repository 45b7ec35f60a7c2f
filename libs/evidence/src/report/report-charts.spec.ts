import { chartSvg } from './chart-svg.js';
import { reportCharts, WITHHELD } from './report-charts.js';
import { REPORT_FIGURES } from './report-figures.fixture.js';

const figures = REPORT_FIGURES;

describe('the report’s charts', () => {
  const charts = reportCharts(figures);
  const byId = Object.fromEntries(charts.map((c) => [c.id, c]));

  it('draws only shown values, and the table names what was withheld', () => {
    expect((byId.funnel.spec as { data: { values: unknown[] } }).data.values).toEqual([{ step: 'referred', participants: 40, order: 0 }]);
    expect(byId.funnel.table.rows).toEqual([
      ['referred', 40],
      ['SELF_SUPPORT_26W', WITHHELD],
    ]);
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
