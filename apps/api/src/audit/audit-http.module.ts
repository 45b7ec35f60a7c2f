import { Module } from '@nestjs/common';
import { LedgerModule } from '#ledger/service/index.js';
import { AuditExportController } from './audit-export/audit-export.controller.js';
import { CheckpointsController } from './checkpoints/checkpoints.controller.js';
import { ConsistencyProofController } from './consistency-proof/consistency-proof.controller.js';
import { InclusionProofsController } from './inclusion-proofs/inclusion-proofs.controller.js';
import { GetLedgerKeyController } from './ledger-key/get-ledger-key.controller.js';
import { ListLedgerLeavesController } from './ledger-leaves/list-ledger-leaves.controller.js';

/** The verifiable log over HTTP: its public key, signed checkpoints, its leaves, inclusion and consistency proofs, audit exports. */
@Module({
  imports: [LedgerModule],
  controllers: [
    GetLedgerKeyController,
    CheckpointsController,
    InclusionProofsController,
    ListLedgerLeavesController,
    ConsistencyProofController,
    AuditExportController,
  ],
})
export class AuditHttpModule {}
