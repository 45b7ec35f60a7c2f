import type { DateGranularity } from '#domain';

/**
 * Where the verifiable ledger places the package's log position: the signed checkpoint and the
 * contract's head it is tied to. Absent until the ledger exists (a provider fills it in).
 */
export interface LedgerAnchor {
  /** The signed checkpoint note covering the package's log position. */
  checkpoint: string;
  /** The contract's last ledger entry at that checkpoint. */
  contractHead: { ledgerIndex: string; leafHash: string };
  [detail: string]: unknown;
}

/** What a package says about itself, besides its resources. */
export interface EvidencePackageMetadata {
  exportId: string;
  contractId: string;
  /** The instant the package is as recorded at (UTC). */
  asOf: string;
  /** The instant the package was made (UTC). */
  created: string;
  takenAt: { streamVersion: number; globalPosition: string; transactionId: string };
  granularity: DateGranularity;
  /** Null: pseudonyms of this export only. */
  studyKey: string | null;
  ledger?: LedgerAnchor;
}
