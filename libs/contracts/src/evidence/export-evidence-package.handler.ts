import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Optional } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DigestStream, ExportPseudonyms, writeEvidencePackage } from '#evidence';
import { ExecuteContractCommand } from '../application/execute-contract-command.command.js';
import { PseudonymKey } from '../pseudonym-key.js';
import { Clock } from '#domain';
import { ContractEvidenceReader } from './contract-evidence.reader.js';
import { EvidenceLedgerAnchors } from './evidence-ledger-anchors.js';
import { ExportEvidencePackageCommand, type ExportedEvidencePackage } from './export-evidence-package.command.js';

/**
 * Writes the package to a temporary file while hashing it, then records the export (who, when,
 * options, log position, the file's SHA-256) in the contract's log, and only then hands the file
 * over: a package that was not recorded is never sent.
 */
@CommandHandler(ExportEvidencePackageCommand)
export class ExportEvidencePackageHandler implements ICommandHandler<ExportEvidencePackageCommand> {
  constructor(
    private readonly reader: ContractEvidenceReader,
    private readonly commandBus: CommandBus,
    private readonly pseudonymKey: PseudonymKey,
    private readonly clock: Clock,
    @Optional() private readonly anchors?: EvidenceLedgerAnchors,
  ) {}

  async execute({ request }: ExportEvidencePackageCommand): Promise<ExportedEvidencePackage> {
    const snapshot = await this.reader.read(request.contractId, request.asOf);
    const exportId = randomUUID();
    const pseudonyms =
      request.studyKey === null ? ExportPseudonyms.forThisExport() : ExportPseudonyms.forStudy(this.pseudonymKey.key, request.actor, request.studyKey);
    const ledger = await this.anchors?.anchorFor(request.contractId, snapshot.version);
    const meta = {
      exportId,
      contractId: request.contractId,
      asOf: snapshot.asOf,
      created: this.clock.instant(),
      takenAt: snapshot.takenAt,
      granularity: request.dateGranularity,
      studyKey: request.studyKey,
      ...(ledger ? { ledger } : {}),
    };

    const directory = await mkdtemp(join(tmpdir(), 'ov-evidence-'));
    const discard = () => rm(directory, { recursive: true, force: true });
    try {
      const file = join(directory, 'package.zip');
      const digest = new DigestStream();
      const saved = pipeline(digest, createWriteStream(file, { mode: 0o600 }));
      await writeEvidencePackage(snapshot.evidence, meta, { pseudonyms, granularity: request.dateGranularity }, digest);
      await saved;
      const sha256 = digest.digest();
      const result = await this.commandBus.execute(
        new ExecuteContractCommand(
          request.contractId,
          {
            type: 'RecordEvidenceExport',
            data: {
              exportId,
              takenAt: { streamVersion: snapshot.takenAt.streamVersion, globalPosition: snapshot.takenAt.globalPosition },
              options: { dateGranularity: request.dateGranularity, studyKey: request.studyKey },
              packageSha256: sha256,
              packageBytes: digest.bytes,
            },
          },
          request.metadata,
          `evidence-export:${exportId}`,
        ),
      );
      return {
        exportId,
        file,
        fileName: `${request.contractId}-evidence-${exportId}.zip`,
        bytes: digest.bytes,
        sha256,
        factPosition: result.events[0]?.streamVersion ?? result.version,
        discard,
      };
    } catch (error) {
      await discard();
      throw error;
    }
  }
}
