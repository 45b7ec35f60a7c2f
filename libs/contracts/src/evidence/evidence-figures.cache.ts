import { Injectable } from '@nestjs/common';
import type { ContractRow, EvidenceFigures } from '#evidence';

/** A contract's figures at a log position and observation date, with the contract row the report heads them with. */
export interface CachedFigures {
  contract: ContractRow;
  figures: EvidenceFigures;
}

/** Figures of this many (contract, log position, date) are kept: each is a few kilobytes of aggregates. */
const KEPT = 32;

/**
 * The evaluators' figures, computed once per contract, log position (stream version) and
 * observation date, the only things they depend on: computing them from a big contract holds the
 * event loop for up to a second, and several reports or figures of it at once each did. Single
 * flight: a computation under way is shared by every read that asks for the same key meanwhile. The
 * oldest key is forgotten beyond KEPT; a computation that fails is forgotten at once.
 */
@Injectable()
export class EvidenceFiguresCache {
  private readonly kept = new Map<string, Promise<CachedFigures>>();

  /** The figures under `key`, from `compute` (called synchronously, only when none are kept or under way). */
  get(key: string, compute: () => Promise<CachedFigures>): Promise<CachedFigures> {
    const known = this.kept.get(key);
    if (known !== undefined) return known;
    const computing = compute();
    this.kept.set(key, computing);
    computing.catch(() => this.kept.delete(key));
    if (this.kept.size > KEPT) this.kept.delete(this.kept.keys().next().value!);
    return computing;
  }
}
