import { Injectable } from '@nestjs/common';
import { canonicalJson, copenhagenDateOf, type WhatIfOverrides } from '#domain';
import { KeptComputations } from './kept-computations.cache.js';
import type { KeptSettlement, SettlementComparisonView } from './settlement.view.js';

/**
 * Settlements (and what-ifs, and their comparisons) kept: each holds all its lines, a few megabytes at 20,000
 * participants, so a few of them.
 */
const KEPT = 8;

/**
 * A contract's settlement, and its what-ifs, computed once per log version and Copenhagen date of
 * the instant read at (the settlement's status turns final on a date; nothing else in it depends
 * on the instant), and per terminatedOn and overrides for a what-if: every page of its lines and
 * every repeated read is served from the one computation, which walks every participant. The
 * comparison of the ways of settling (a what-if under each) per terminatedOn too.
 */
@Injectable()
export class SettlementCache extends KeptComputations<Promise<KeptSettlement<unknown> | SettlementComparisonView>> {
  constructor() {
    super(KEPT);
  }
}

export function settlementKey(contractId: string, version: number, asOf: string): string {
  return canonicalJson(['settlement', contractId, version, copenhagenDateOf(asOf)]);
}

export function whatIfKey(contractId: string, version: number, asOf: string, terminatedOn: string, overrides: WhatIfOverrides): string {
  return canonicalJson(['what-if', contractId, version, copenhagenDateOf(asOf), terminatedOn, overrides]);
}

export function comparisonKey(contractId: string, version: number, asOf: string, terminatedOn: string): string {
  return canonicalJson(['comparison', contractId, version, copenhagenDateOf(asOf), terminatedOn]);
}
