import { Module } from '@nestjs/common';
import { ContractEvidenceModule } from '#contracts';
import { LedgerModule } from '#ledger/service/index.js';
import { GetEvidenceFiguresController } from './get-evidence-figures/get-evidence-figures.controller.js';
import { GetEvidenceReportController } from './get-evidence-report/get-evidence-report.controller.js';
import { ListEvidenceExportsController } from './list-evidence-exports/list-evidence-exports.controller.js';
import { commandControllersIn } from '../command-endpoints.js';
import { LedgerEvidenceAnchors } from './ledger-evidence-anchors.js';

/** Evaluators: the evidence package, the figures, the report; auditors: the list of exports. */
@Module({
  imports: [ContractEvidenceModule.forRoot({ anchors: LedgerEvidenceAnchors, imports: [LedgerModule] })],
  controllers: [...commandControllersIn('evidence'), GetEvidenceFiguresController, GetEvidenceReportController, ListEvidenceExportsController],
})
export class EvidenceHttpModule {}
