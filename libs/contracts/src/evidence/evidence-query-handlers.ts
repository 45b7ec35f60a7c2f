import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { contractNotFound, type EvidenceExportData, contractStreamId } from '#domain';
import { type LogPosition, positionOf, PostgresEventStore, type RecordedEvent } from '#event-store';

const PAGE = 500;
import { ContractEvidenceReader } from './contract-evidence.reader.js';
import { EvidenceReportThreads } from './evidence-report-threads.js';
import {
  type EvidenceExportsView,
  type EvidenceFiguresView,
  GetEvidenceFiguresQuery,
  GetEvidenceReportQuery,
  ListEvidenceExportsQuery,
} from './evidence-queries.js';

@QueryHandler(GetEvidenceFiguresQuery)
export class GetEvidenceFiguresHandler implements IQueryHandler<GetEvidenceFiguresQuery> {
  constructor(private readonly reader: ContractEvidenceReader) {}

  async execute(query: GetEvidenceFiguresQuery): Promise<EvidenceFiguresView> {
    const { asOf, version, figures } = await this.reader.figures(query.contractId, query.asOf);
    return { contractId: query.contractId, asOf, version, ...figures };
  }
}

@QueryHandler(GetEvidenceReportQuery)
export class GetEvidenceReportHandler implements IQueryHandler<GetEvidenceReportQuery> {
  constructor(
    private readonly reader: ContractEvidenceReader,
    private readonly threads: EvidenceReportThreads,
  ) {}

  async execute(query: GetEvidenceReportQuery): Promise<string> {
    const { contract, asOf, version, figures } = await this.reader.figures(query.contractId, query.asOf);
    return this.threads.render({ contract, asOf, version }, figures);
  }
}

@QueryHandler(ListEvidenceExportsQuery)
export class ListEvidenceExportsHandler implements IQueryHandler<ListEvidenceExportsQuery> {
  constructor(private readonly store: PostgresEventStore) {}

  async execute(query: ListEvidenceExportsQuery): Promise<EvidenceExportsView> {
    const streamId = contractStreamId(query.contractId);
    if ((await this.store.streamVersion(streamId)) === 0) throw contractNotFound(query.contractId);
    const events: RecordedEvent[] = [];
    for (let after: LogPosition | undefined; ;) {
      const page = await this.store.readAll({ after, limit: PAGE, streamIds: [streamId], eventTypes: ['EvidenceExported'] });
      events.push(...page);
      if (page.length < PAGE) break;
      after = positionOf(page[page.length - 1]);
    }
    return {
      contractId: query.contractId,
      exports: events.map((e) => {
        const data = e.data as EvidenceExportData;
        return {
          position: e.streamVersion,
          recordedAt: e.recordedAt,
          actor: e.metadata.actor ?? null,
          exportId: data.exportId,
          takenAt: data.takenAt,
          options: data.options,
          packageSha256: data.packageSha256,
          packageBytes: data.packageBytes,
        };
      }),
    };
  }
}

export const evidenceQueryHandlers = [GetEvidenceFiguresHandler, GetEvidenceReportHandler, ListEvidenceExportsHandler];
