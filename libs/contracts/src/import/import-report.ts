import type { OutcomeVerified, PaymentIdentityFields } from '#domain';

/** A line the import did not apply, and why. Messages never contain a CPR number. */
export interface RejectedLine {
  /** 1-based line number in the file. */
  line: number;
  /** The line's commandId, when it had a well-formed one. */
  commandId?: string;
  /** Stable, machine-readable reason: `invalid-json`, `unknown-command`, `forbidden`, a domain code... */
  error: string;
  /** The field at fault: `commandId`, `type`, `data`, or `data.<field>`. */
  field?: string;
  message: string;
}

/** An outcome verified or reversed in answer to a line of the import. */
export type ImportedOutcome = { line: number; commandId: string; type: 'OutcomeVerified' | 'OutcomeReversed' } & PaymentIdentityFields & {
    /** Minor units; negative for a reversal. */
    amount: number;
  } & Partial<Pick<OutcomeVerified['data'], 'achievedOn' | 'capReason'>>; // verifications only

/** The pseudonym a referral line's CPR number became: use it in the participant's later lines. */
export interface ImportedReferral {
  line: number;
  commandId: string;
  participantId: string;
}

/**
 * What a bulk import did. Every non-blank line is counted exactly once:
 * `lines = accepted + duplicates + rejected.length`.
 */
export interface ImportReport {
  contractId: string;
  /** Non-blank lines read. */
  lines: number;
  /** Lines applied by this import (each whole, in file order). */
  accepted: number;
  /** Of the accepted lines, those that recorded nothing because the log already said the same. */
  unchanged: number;
  /** Lines whose commandId was already imported (an earlier run): nothing recorded again. */
  duplicates: number;
  rejected: RejectedLine[];
  /** Events recorded by this import: the facts and the outcomes they verified or reversed. */
  recorded: number;
  /** The contract log's version after the import. */
  version: number;
  outcomes: {
    verified: number;
    reversed: number;
    /** Sum of the amounts verified minus those reversed by this import, minor units. */
    netAmount: number;
    events: ImportedOutcome[];
  };
  /** Referral lines (accepted or duplicate) and the participant pseudonym each gave. */
  referrals: ImportedReferral[];
  /**
   * Set when the import stopped reading before the end of the file: the line of the last of
   * MAX_REJECTED_IMPORT_LINES rejected lines. Nothing after it was read.
   */
  stoppedAtLine?: number;
}
