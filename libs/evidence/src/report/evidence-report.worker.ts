import { parentPort } from 'node:worker_threads';
import { evidenceReport } from './evidence-report.js';
import type { ReportJob } from './report-threads.js';

/** A thread of the report renderer (see report-threads.ts): figures in, the page (or what went wrong) out. */
parentPort!.on('message', ({ id, heading, figures }: ReportJob) => {
  evidenceReport(heading, figures).then(
    (html) => parentPort!.postMessage({ id, html }),
    (error: unknown) => parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) }),
  );
});
