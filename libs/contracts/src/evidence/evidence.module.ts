import { Module } from '@nestjs/common';
import { ContractsModule } from '../contracts.module.js';
import { ContractReadModelsModule } from '../read-models/read-models.module.js';
import { ContractEvidenceReader } from './contract-evidence.reader.js';
import { evidenceQueryHandlers } from './evidence-query-handlers.js';
import { ExportEvidencePackageHandler } from './export-evidence-package.handler.js';

/**
 * Evaluators' evidence: packages (a command: each export is recorded as a fact), figures and the
 * report (queries). A module that provides EvidenceLedgerAnchors here ties packages to the ledger.
 */
@Module({
  imports: [ContractsModule, ContractReadModelsModule],
  providers: [ContractEvidenceReader, ExportEvidencePackageHandler, ...evidenceQueryHandlers],
})
export class ContractEvidenceModule {}
