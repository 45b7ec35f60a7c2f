import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transformFile } from '@swc/core';
import type { ContractRow } from '../tables/evidence-rows.js';
import { evidenceReport, type ReportHeading } from './evidence-report.js';
import { REPORT_FIGURES } from './report-figures.fixture.js';
import { createReportThreads } from './report-threads.js';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The worker and what it imports at run time (the rest are types). */
const WORKER_SOURCES = ['evidence-report.worker.ts', 'evidence-report.ts', 'chart-svg.ts', 'report-charts.ts'];
// Inside the project, so that the compiled files find vega in node_modules.
const COMPILED = join(HERE, '../../../../node_modules/.cache/report-threads-spec');

const heading: ReportHeading = {
  contract: { contract: 'aalborg-impact60', title: 'IMPACT60 <Aalborg>' } as ContractRow,
  asOf: '2019-12-31T00:00:00.000000Z',
  version: 1234,
};

describe('reports drawn in a worker thread', () => {
  beforeAll(async () => {
    // The tests run the sources: the worker is compiled here as the build compiles it.
    await mkdir(COMPILED, { recursive: true });
    await writeFile(join(COMPILED, 'package.json'), '{"type":"module"}\n');
    for (const source of WORKER_SOURCES) {
      const { code } = await transformFile(join(HERE, source), { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } });
      await writeFile(join(COMPILED, source.replace(/\.ts$/, '.js')), code);
    }
  }, 60_000);
  afterAll(() => rm(COMPILED, { recursive: true, force: true }));

  it('are the very page drawn on the event loop', async () => {
    const threads = createReportThreads(2, pathToFileURL(join(COMPILED, 'evidence-report.worker.js')));
    try {
      const inline = await evidenceReport(heading, REPORT_FIGURES);
      const pooled = await Promise.all([threads.render(heading, REPORT_FIGURES), threads.render(heading, REPORT_FIGURES)]);
      expect(inline).toContain('<svg');
      expect(pooled).toEqual([inline, inline]);
    } finally {
      await threads.close();
    }
  }, 60_000);

  it('tell what went wrong in the thread', async () => {
    const threads = createReportThreads(1, pathToFileURL(join(COMPILED, 'evidence-report.worker.js')));
    try {
      await expect(threads.render(heading, { ...REPORT_FIGURES, funnel: 'not a list' } as never)).rejects.toThrow();
    } finally {
      await threads.close();
    }
  }, 60_000);
});
