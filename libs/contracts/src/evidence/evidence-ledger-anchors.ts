import type { LedgerAnchor } from '#evidence';

/**
 * Where the verifiable ledger says a contract's log position is anchored (the signed checkpoint
 * and the contract's head). Optional: until a module provides it, packages carry no `ledger`.
 */
export abstract class EvidenceLedgerAnchors {
  /** The anchor of the contract's log at this stream version, or undefined when none covers it yet. */
  abstract anchorFor(contractId: string, streamVersion: number): Promise<LedgerAnchor | undefined>;
}
