import { Injectable } from '@nestjs/common';
import type { ContractRow, EvidenceFigures } from '#evidence';
import { KeptComputations } from '../read-models/kept-computations.cache.js';

/** A contract's figures at a log position and observation date, with the contract row the report heads them with. */
export interface CachedFigures {
  contract: ContractRow;
  figures: EvidenceFigures;
}

/** Figures of this many (contract, log position, date) are kept: each is a few kilobytes of aggregates. */
const KEPT = 32;

/**
 * The evaluators' figures, computed once per contract, log position (stream version) and
 * observation date, the only things they depend on: computing them holds the event loop (tens of ms
 * for a contract of 20,000 participants from kept summaries, up to a second the first time), and
 * several reports or figures of it at once each did.
 */
@Injectable()
export class EvidenceFiguresCache extends KeptComputations<Promise<CachedFigures>> {
  constructor() {
    super(KEPT);
  }
}
