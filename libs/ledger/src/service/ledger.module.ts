import { Module } from '@nestjs/common';
import { AppConfig } from '#config';
import { AuditExporter } from './audit-exporter.service.js';
import { LedgerAnchors } from './ledger-anchors.service.js';
import { LedgerCheckpointScheduler } from './ledger-checkpoint.scheduler.js';
import { LedgerCheckpoints } from './ledger-checkpoints.service.js';
import { LedgerKey } from './ledger-key.js';
import { LedgerLeaves } from './ledger-leaves.service.js';
import { LedgerProofs } from './ledger-proofs.service.js';
import { LedgerSigning } from './ledger-signing.service.js';

/**
 * The verifiable log: checkpoints signed with the ledger's key, proofs and audit exports. The
 * sequencer itself is a projection (LedgerSequencer) run by the platform's subscriptions host.
 */
@Module({
  providers: [
    { provide: LedgerKey, useFactory: LedgerKey.fromConfig, inject: [AppConfig] },
    LedgerCheckpoints,
    LedgerSigning,
    LedgerProofs,
    LedgerLeaves,
    AuditExporter,
    LedgerAnchors,
    {
      provide: LedgerCheckpointScheduler,
      useFactory: (c: LedgerCheckpoints, config: AppConfig) => new LedgerCheckpointScheduler(c, config),
      inject: [LedgerCheckpoints, AppConfig],
    },
  ],
  exports: [LedgerKey, LedgerCheckpoints, LedgerProofs, LedgerLeaves, AuditExporter, LedgerAnchors],
})
export class LedgerModule {}
