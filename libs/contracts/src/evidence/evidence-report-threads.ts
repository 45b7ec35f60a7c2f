import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { createReportThreads, type EvidenceFigures, type ReportHeading } from '#evidence';

/** The service's report threads (one: a report at a time is drawn off the event loop), stopped with the app. */
@Injectable()
export class EvidenceReportThreads implements OnModuleDestroy {
  private readonly threads = createReportThreads(1);

  render(heading: ReportHeading, figures: EvidenceFigures): Promise<string> {
    return this.threads.render(heading, figures);
  }

  onModuleDestroy(): Promise<void> {
    return this.threads.close();
  }
}
