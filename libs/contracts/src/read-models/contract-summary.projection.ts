import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import type { ContractState } from '#domain';
import type { RecordedEvent, StateProjection } from '#event-store';
import { contractRulesVersion } from '../snapshots/contract-rules-version.js';
import { emptySummaryTotals, evolveSummaryTotals, type SummaryTotals, summaryTotalsOf } from './contract-summary.totals.js';
import { type ContractSummaryView, summaryKeyOf, summaryViewOf } from './contract-summary.view.js';

const READ_MODELS = fileURLToPath(new URL('./', import.meta.url));

/** The modules that compute the summary beside the domain's: this one, contract-summary.*, participants.view (as built, or under Jest as written). */
const isSummaryCode = (name: string): boolean => /^(contract-summary\.[a-z]+|participants\.view)\.(js|ts)$/.test(name) && !name.endsWith('.d.ts');

let name: string | undefined;

/**
 * The name of the summary's stored values (es_stream_projections.projection): the rules version
 * of contracts (contract-rules-version.ts) and the summary's own code, hashed, so that a change of
 * either never serves a summary the code of today would not compute (docs/snapshots.md, "The contract summary").
 */
export function contractSummaryProjectionName(): string {
  if (name === undefined) {
    const hash = createHash('sha256').update(`rules:${contractRulesVersion()}\n`);
    for (const file of readdirSync(READ_MODELS).filter(isSummaryCode).sort()) hash.update(`${file}\n`).update(readFileSync(`${READ_MODELS}${file}`));
    // 64 bits of it: enough to tell code versions apart, and short in every row and its index.
    name = `contract-summary:${hash.digest('hex').slice(0, 16)}`;
  }
  return name;
}

/** The summary as stored: all but what says where and when it was asked (contractId, asOf, version), which the reader adds. */
type StoredSummary = Omit<ContractSummaryView, 'contractId' | 'asOf' | 'version'>;

/** Its JSON, deflated: a summary's 1.6 KB of text are stored in about 0.64 KB (measured in docs/snapshots.md, "The contract summary"). */
export function encodeStoredSummary(view: ContractSummaryView): Buffer {
  const stored: Partial<ContractSummaryView> = { ...view };
  delete stored.contractId;
  delete stored.asOf;
  delete stored.version;
  // The fastest level: half the CPU of the default for 5 % more bytes (measured in docs/snapshots.md).
  return deflateRawSync(JSON.stringify(stored), { level: constants.Z_BEST_SPEED });
}

export function decodeStoredSummary(bytes: Buffer, at: Pick<ContractSummaryView, 'contractId' | 'asOf' | 'version'>): ContractSummaryView {
  return { contractId: at.contractId, asOf: at.asOf, version: at.version, ...(JSON.parse(inflateRawSync(bytes).toString('utf8')) as StoredSummary) };
}

/**
 * The contract summary as an inline projection of the decider runner (docs/snapshots.md, "The contract summary"): its
 * sums over participants and ledger entries kept as each event is evolved, so that the summary now
 * costs no walk over the contract, and, stored with a batch when it changed (its key,
 * summaryKeyOf), the summary at the version the batch was appended on, so that the summary as
 * recorded at any instant is the latest row at or below it.
 */
export class ContractSummaryProjection implements StateProjection<ContractState, SummaryTotals> {
  readonly name = contractSummaryProjectionName();

  of(state: ContractState): SummaryTotals {
    return state.definition === null ? emptySummaryTotals() : summaryTotalsOf(state);
  }

  evolve(
    totals: SummaryTotals,
    state: ContractState,
    event: RecordedEvent,
    evolve: (state: ContractState, event: RecordedEvent) => ContractState,
  ): ContractState {
    return evolveSummaryTotals(totals, state, event, evolve);
  }

  valueAt(totals: SummaryTotals, state: ContractState): Buffer | undefined {
    return state.definition === null ? undefined : encodeStoredSummary(summaryViewOf(state, totals, ''));
  }

  key(totals: SummaryTotals, state: ContractState): string {
    return state.definition === null ? '' : summaryKeyOf(state, totals);
  }
}
