import type { EvidenceFigures } from '../figures/evidence-figures.js';
import type { ContractRow } from '../tables/evidence-rows.js';
import { chartSvg } from './chart-svg.js';
import { type ReportChart, reportCharts } from './report-charts.js';

export interface ReportHeading {
  contract: ContractRow;
  /** As recorded at (UTC). */
  asOf: string;
  /** The contract log's version the figures reflect. */
  version: number;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

const STYLE = `
  body { font-family: sans-serif; margin: 2rem auto; max-width: 60rem; color: #1a202c; line-height: 1.45; padding: 0 1rem; }
  h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
  h2 { font-size: 1.2rem; margin: 2.2rem 0 0.4rem; }
  .meta, .note { color: #4a5568; font-size: 0.92rem; }
  figure { margin: 0; }
  figure svg { max-width: 100%; height: auto; }
  table { border-collapse: collapse; font-size: 0.85rem; margin-top: 0.6rem; }
  caption { text-align: left; font-weight: bold; padding-bottom: 0.3rem; }
  th, td { border: 1px solid #cbd5e0; padding: 0.2rem 0.5rem; text-align: right; }
  th:first-child, td:first-child { text-align: left; }
  details { margin-top: 0.4rem; }
  .empty { padding: 1rem; background: #f7fafc; border: 1px dashed #cbd5e0; }
`;

function chartSection(chart: ReportChart, svg: string | null): string {
  const head = `<tr>${chart.table.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('')}</tr>`;
  const body = chart.table.rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(String(cell))}</td>`).join('')}</tr>`).join('\n');
  const graphic =
    svg === null
      ? `<p class="empty">Nothing to draw yet: no data, or every cell withheld.</p>`
      : `<div class="chart" role="img" aria-labelledby="${chart.id}-title" aria-describedby="${chart.id}-description">${svg}</div>`;
  return `<section class="figure" id="${chart.id}">
<h2 id="${chart.id}-title">${escapeHtml(chart.title)}</h2>
<p class="note" id="${chart.id}-description">${escapeHtml(chart.description)}</p>
<figure data-chart="${chart.id}">${graphic}</figure>
<details open><summary>The data behind the chart</summary>
<table><caption>${escapeHtml(chart.title)}: data</caption>
<thead>${head}</thead>
<tbody>
${body}
</tbody></table></details>
</section>`;
}

/**
 * The evaluators' report: one self-contained HTML page (inline CSS and SVG, no scripts, nothing
 * to fetch) with each figure as a chart drawn on the server by Vega-Lite, and its table.
 */
export async function evidenceReport(heading: ReportHeading, figures: EvidenceFigures): Promise<string> {
  const charts = reportCharts(figures);
  const sections: string[] = [];
  for (const chart of charts) sections.push(chartSection(chart, chart.spec === null ? null : await chartSvg(chart.spec)));
  const { contract } = heading;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(contract.title)}: figures for evaluators</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(contract.title)}: figures for evaluators</h1>
<p class="meta">Contract ${escapeHtml(contract.contract)}, as recorded at ${escapeHtml(heading.asOf)} (log version ${heading.version});
follow-up until ${escapeHtml(figures.observedUntil)}. Lasting attachment: the first occurrence of ${escapeHtml(figures.lastingOutcome ?? 'none')}.</p>
<p class="note">${escapeHtml(figures.suppression.rule)} ${figures.suppression.suppressedCells} value(s) withheld here.</p>
${sections.join('\n')}
</main>
</body>
</html>
`;
}
