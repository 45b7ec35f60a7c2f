import { Query } from '@nestjs/cqrs';
import type { EvidenceFigures } from '#evidence';
import type { AsRecorded } from '../read-models/participants.view.js';

export type EvidenceFiguresView = AsRecorded & EvidenceFigures;

export interface EvidenceExportView {
  /** Position of the EvidenceExported fact in the contract's log. */
  position: number;
  recordedAt: string;
  /** Who exported it (role:name). */
  actor: string | null;
  exportId: string;
  takenAt: { streamVersion: number; globalPosition: string };
  options: { dateGranularity: string; studyKey: string | null };
  packageSha256: string;
  packageBytes: number;
}

export interface EvidenceExportsView {
  contractId: string;
  exports: EvidenceExportView[];
}

/** The evaluators' figures (suppressed), as recorded at asOf. */
export class GetEvidenceFiguresQuery extends Query<EvidenceFiguresView> {
  constructor(
    readonly contractId: string,
    readonly asOf?: string,
  ) {
    super();
  }
}

/** The figures as a self-contained HTML page. */
export class GetEvidenceReportQuery extends Query<string> {
  constructor(
    readonly contractId: string,
    readonly asOf?: string,
  ) {
    super();
  }
}

/** Every evidence package handed out for the contract, as recorded. */
export class ListEvidenceExportsQuery extends Query<EvidenceExportsView> {
  constructor(readonly contractId: string) {
    super();
  }
}
