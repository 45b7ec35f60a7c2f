import { Command } from '@nestjs/cqrs';
import type { DateGranularity } from '#domain';
import type { EventMetadata } from '#event-store';

/** The package file, written and recorded, ready to be sent; `discard` removes it. */
export interface ExportedEvidencePackage {
  exportId: string;
  file: string;
  fileName: string;
  bytes: number;
  sha256: string;
  /** Position of the EvidenceExported fact in the contract's log. */
  factPosition: number;
  discard(): Promise<void>;
}

export interface EvidenceExportRequest {
  contractId: string;
  asOf?: string;
  dateGranularity: DateGranularity;
  studyKey: string | null;
  /** `role:name` of the evaluator: a study key's pseudonyms are theirs alone. */
  actor: string;
  metadata: EventMetadata;
}

/** Write an evidence package to a temporary file, record the export as a fact, hand back the file. */
export class ExportEvidencePackageCommand extends Command<ExportedEvidencePackage> {
  constructor(readonly request: EvidenceExportRequest) {
    super();
  }
}
