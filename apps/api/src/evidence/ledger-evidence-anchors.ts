import { Injectable } from '@nestjs/common';
import { EvidenceLedgerAnchors } from '#contracts';
import type { LedgerAnchor } from '#evidence';
import { LedgerAnchors } from '#ledger/service/index.js';
import { contractStreamId } from '#domain';

/**
 * Ties an evaluator's package to the verifiable ledger: the signed checkpoint, the contract's head
 * in it (its last ledger index and leaf hash, and how many of its events that covers), and the
 * head's proof in the checkpoint's heads tree, so that anyone can prove the package is the log's.
 */
@Injectable()
export class LedgerEvidenceAnchors extends EvidenceLedgerAnchors {
  constructor(private readonly anchors: LedgerAnchors) {
    super();
  }

  async anchorFor(contractId: string, streamVersion: number): Promise<LedgerAnchor | undefined> {
    const anchor = await this.anchors.anchorOf(contractStreamId(contractId), streamVersion);
    if (anchor === undefined) return undefined;
    return {
      checkpoint: anchor.checkpoint,
      contractHead: { ledgerIndex: String(anchor.head.index), leafHash: anchor.head.leafHash },
      treeSize: anchor.treeSize,
      /** The contract's events the head covers (its stream versions 1..n). */
      coversStreamVersions: anchor.head.leaves,
      headProof: anchor.headProof,
    };
  }
}
