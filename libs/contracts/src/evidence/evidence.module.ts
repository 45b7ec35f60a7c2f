import { type DynamicModule, Module, type ModuleMetadata, type Type } from '@nestjs/common';
import { ContractsModule } from '../contracts.module.js';
import { ContractReadModelsModule } from '../read-models/read-models.module.js';
import { ContractEvidenceReader } from './contract-evidence.reader.js';
import { EvidenceFiguresCache } from './evidence-figures.cache.js';
import { evidenceQueryHandlers } from './evidence-query-handlers.js';
import { EvidenceLedgerAnchors } from './evidence-ledger-anchors.js';
import { EvidenceReportThreads } from './evidence-report-threads.js';
import { ExportEvidencePackageHandler } from './export-evidence-package.handler.js';

/**
 * Evaluators' evidence: packages (a command: each export is recorded as a fact), figures and the
 * report (queries).
 */
@Module({})
export class ContractEvidenceModule {
  /** `anchors` (with the `imports` it needs) ties packages to the verifiable ledger; without it, packages carry no `ledger`. */
  static forRoot(options: { anchors?: Type<EvidenceLedgerAnchors>; imports?: ModuleMetadata['imports'] } = {}): DynamicModule {
    return {
      module: ContractEvidenceModule,
      imports: [ContractsModule, ContractReadModelsModule, ...(options.imports ?? [])],
      providers: [
        ContractEvidenceReader,
        EvidenceFiguresCache,
        EvidenceReportThreads,
        ExportEvidencePackageHandler,
        ...evidenceQueryHandlers,
        ...(options.anchors ? [{ provide: EvidenceLedgerAnchors, useClass: options.anchors }] : []),
      ],
    };
  }
}
