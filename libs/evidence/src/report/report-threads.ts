import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EvidenceFigures } from '../figures/evidence-figures.js';
import { evidenceReport, type ReportHeading } from './evidence-report.js';

export interface ReportJob {
  id: number;
  heading: ReportHeading;
  figures: EvidenceFigures;
}

/** Renders reports off the event loop; the same page evidenceReport gives. */
export interface ReportThreads {
  render(heading: ReportHeading, figures: EvidenceFigures): Promise<string>;
  close(): Promise<void>;
}

/**
 * Drawing a report's charts (Vega-Lite compiled, then rendered to SVG) takes 0.3–1.2 s of CPU,
 * which on the event loop held every other request up as long: it runs in `threads` worker
 * threads instead (started on the first report, jobs handed out in turn). Only the drawing moves:
 * the figures come from the query handler, as for every other read. As with the verifier's
 * threads, where the compiled worker is absent (the tests run the sources) the report is drawn on
 * this thread.
 */
export function createReportThreads(threads = 1, script = new URL('./evidence-report.worker.js', import.meta.url)): ReportThreads {
  if (threads < 1 || script.protocol !== 'file:' || !existsSync(fileURLToPath(script))) {
    return { render: evidenceReport, close: () => Promise.resolve() };
  }
  const pending = new Map<number, { resolve: (html: string) => void; reject: (error: Error) => void }>();
  let workers: Worker[] | undefined;
  const start = (): Worker[] =>
    Array.from({ length: threads }, () => {
      const worker = new Worker(script);
      worker.on('message', (message: { id: number; html?: string; error?: string }) => {
        const waiting = pending.get(message.id);
        pending.delete(message.id);
        if (message.error !== undefined) waiting?.reject(new Error(message.error));
        else waiting?.resolve(message.html!);
      });
      worker.on('error', (error: Error) => {
        for (const waiting of pending.values()) waiting.reject(error);
        pending.clear();
        workers = undefined;
      });
      // An idle pool does not keep the process alive.
      worker.unref();
      return worker;
    });
  let next = 0;
  return {
    render(heading, figures) {
      workers ??= start();
      const id = next++;
      const job: ReportJob = { id, heading, figures };
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        workers![id % workers!.length].postMessage(job);
      });
    },
    async close() {
      const running = workers ?? [];
      workers = undefined;
      await Promise.all(running.map((worker) => worker.terminate()));
    },
  };
}
