import {
  computeSettlement,
  type ContractPayment,
  type ContractState,
  DomainError,
  type PaymentTotals,
  paymentTotals,
  type Settlement,
  settlementDigest,
  type SettlementParty,
  settlementPayments,
  type SettlementLine,
  type SettlementProposed,
  type TerminationTerms,
  whatIfSettlement,
  type WhatIfOverrides,
  whatIfTerms,
} from '#domain';
import { decodeKeyCursor, encodeKeyCursor, InvalidCursorError, type PageLinks, pageOf } from '#event-store';
import { type ContractFilters, type ContractScope, checkContractFilters, contractScope } from './list-filters.js';
import type { AsRecorded } from './participants.view.js';

/**
 * The settlement's lines come a page at a time, with the totals and the digest of all of them on
 * every page. Any new fact can change every line (a cap scales them all), so a cursor holds the
 * instant its first page was as recorded at and the digest of its lines: the next pages are read
 * as recorded at that instant, and a cursor whose digest the lines no longer have (asked of other
 * terms) is refused. Its key is the index of the last line handed out.
 */
export const SETTLEMENT_LINES_LIST = 'settlement-lines';

export interface SettlementLinesCursor {
  asOf: string;
  linesSha256: string;
  /** The index in the whole list of the last line handed out (-1: none yet). */
  index: number;
}

export function decodeSettlementLinesCursor(after: string | undefined): SettlementLinesCursor | undefined {
  const key = decodeKeyCursor<[string, string, number]>(SETTLEMENT_LINES_LIST, ['text', 'text', 'int'], after);
  return key === undefined ? undefined : { asOf: key[0], linesSha256: key[1], index: key[2] };
}

const linesCursor = (asOf: string, linesSha256: string, index: number): string => encodeKeyCursor(SETTLEMENT_LINES_LIST, [asOf, linesSha256, index]);

/** What a page of a settlement's lines asks for. */
export interface SettlementLinesRequest extends ContractFilters {
  cursor?: SettlementLinesCursor;
  /** The cursor as given (absent: the start). */
  after?: string;
  limit: number;
}

const EVERY_LINE: SettlementLinesRequest = { limit: Number.MAX_SAFE_INTEGER };

/** A page of the lines, and how many the settlement has in all. */
export interface SettlementLinesPage extends PageLinks {
  lines: SettlementLine[];
  lineCount: number;
}

function linesPage(asOf: string, settlement: Settlement, linesSha256: string, request: SettlementLinesRequest): SettlementLinesPage {
  const { cursor, participantId, outcomeCode } = request;
  if (cursor !== undefined && (cursor.asOf !== asOf || cursor.linesSha256 !== linesSha256)) throw new InvalidCursorError();
  const after = cursor?.index ?? -1;
  const read: Array<{ index: number; line: SettlementLine }> = [];
  for (let index = after + 1; index < settlement.lines.length && read.length <= request.limit; index += 1) {
    const line = settlement.lines[index];
    if ((participantId === undefined || line.participantId === participantId) && (outcomeCode === undefined || line.outcomeCode === outcomeCode)) {
      read.push({ index, line });
    }
  }
  const page = pageOf(read, request.limit, (item) => linesCursor(asOf, linesSha256, item.index), request.after ?? linesCursor(asOf, linesSha256, -1));
  return { lines: page.items.map((item) => item.line), lineCount: settlement.lines.length, next: page.next, hasMore: page.hasMore };
}

/** A proposal as recorded, and whether it still says what the settlement is. */
export interface SettlementProposalView extends Pick<
  SettlementProposed['data'],
  'proposalId' | 'proposedBy' | 'proposedByParty' | 'computedAtVersion' | 'status' | 'achieved' | 'confirmed' | 'future' | 'due' | 'linesSha256'
> {
  /** Position of the SettlementProposed fact. */
  position: number;
  recordedAt: string;
  /** The latest proposal, not withdrawn, with the digest of the settlement as it is now: the one to accept. */
  current: boolean;
  /** The proposer (by proposing), then the other party once it accepted. */
  acceptedBy: SettlementParty[];
  /** Withdrawn by its proposer: it can no longer be accepted. */
  withdrawn: boolean;
}

/** The settlement of a terminated contract (docs/rules.md §7), how far its agreement has come, and the contract's money around it. */
export interface SettlementView extends AsRecorded, Settlement, SettlementLinesPage {
  currency: string;
  /** settlementDigest of this settlement: the digest a current proposal carries. */
  linesSha256: string;
  proposals: SettlementProposalView[];
  agreement: {
    proposalId: number;
    paymentId: string;
    amount: number;
    position: number;
    recordedAt: string;
    /** The payment identities whose open amounts it netted: positive were due, negative were to recover. */
    supersedes: Array<{ paymentId: string; amount: number }>;
  } | null;
  /** The agreed settlement's payment, once settled. */
  payment: { paymentId: string; reference: string; confirmedOn: string; amount: number; position: number; recordedAt: string } | null;
  /** The settlement's payment identity and its adjustments (money that moved for a superseded identity after the agreement), each with its state. */
  payments: ContractPayment[];
  /** The contract's money: paid − recovered + due − toRecover = owed. */
  money: PaymentTotals;
}

/** What a termination effective on `terminatedOn`, recorded now, would settle; nothing is recorded. */
export interface WhatIfSettlementView extends AsRecorded, Settlement, SettlementLinesPage {
  currency: string;
  linesSha256: string;
  /** The termination terms it settles under: the contract's, with the overrides asked for. */
  terms: TerminationTerms;
}

/**
 * One way of settling, in the comparison: `tailPeriod`, or expectedValue with rates `estimated`,
 * `kaplanMeier` or the contract's `agreed` table.
 */
export type SettlementVariant = 'tailPeriod' | 'estimated' | 'kaplanMeier' | 'agreed';

/** What a termination on T would settle under one variant: its totals and rates, and how many lines (the what-if has them). */
export interface SettlementVariantView extends Pick<Settlement, 'method' | 'status' | 'finalOn' | 'achieved' | 'confirmed' | 'future' | 'due' | 'rates'> {
  variant: SettlementVariant;
  /** The contract's own termination terms (the first variant). */
  contractTerms: boolean;
  /** The terms it settles under: the what-if's overrides of the contract's. */
  terms: TerminationTerms;
  lineCount: number;
}

/** The same what-if under each way of settling, side by side, so the parties see what each choice means. */
export interface SettlementComparisonView extends AsRecorded {
  terminatedOn: string;
  currency: string;
  /** The stream version of the facts every variant was computed from. */
  computedAtVersion: number;
  /** The contract's own terms first, then each other variant once. */
  variants: SettlementVariantView[];
}

/**
 * What a settlement read computes from the state at one log version, once (SettlementCache): the
 * view without the instant it is read at and its page, the settlement with all its lines, and what
 * the lines' filters are checked against; or the refusal, which the same state and request always
 * give.
 */
export interface KeptSettlement<V> {
  filters: ContractScope;
  result: { view: V; settlement: Settlement } | DomainError;
}

/** The view of a settlement, of its what-if, without the instant it is read at and its page. */
export type Unpaged<V> = Omit<V, 'asOf' | keyof SettlementLinesPage>;

/** Runs `compute`, keeping a DomainError it throws as its result. */
function kept<V>(state: ContractState, compute: () => { view: V; settlement: Settlement }): KeptSettlement<V> {
  const filters = contractScope(state);
  try {
    return { filters, result: compute() };
  } catch (error) {
    if (error instanceof DomainError) return { filters, result: error };
    throw error;
  }
}

/** The kept view as recorded at `asOf`, with a page of its lines; its refusal thrown. */
export function pagedView<V>(kept: KeptSettlement<Unpaged<V>>, asOf: string, page: SettlementLinesRequest = EVERY_LINE): V {
  // A filter naming nothing of the contract is the caller's mistake, whatever the contract's state.
  checkContractFilters(kept.filters, page);
  if (kept.result instanceof DomainError) throw kept.result;
  const { view, settlement } = kept.result;
  const { linesSha256 } = view as Unpaged<V> & { linesSha256: string };
  return { ...view, asOf, ...linesPage(asOf, settlement, linesSha256, page) } as V;
}

/** A settlement's figures at the state's version, with the digest of all its lines (the page and asOf come with pagedView). */
function settlementFigures(state: ContractState, settlement: Settlement): Unpaged<Settlement & AsRecorded & { currency: string; linesSha256: string }> {
  const { lines: _all, ...totals } = settlement;
  return { ...totals, version: state.version, currency: state.definition!.currency, linesSha256: settlementDigest(settlement) };
}

/** The settlement as recorded at `asOf` (its status too: final once the grace had ended by then), with a page of its lines (all when no page is asked). */
export function settlementView(state: ContractState, asOf: string, page: SettlementLinesRequest = EVERY_LINE): SettlementView {
  return pagedView(keptSettlementView(state, asOf), asOf, page);
}

/**
 * settlementView without its page: a function of the state's version and of whether the settlement
 * is final on asOf's date (SettlementCache keeps it per version and date).
 */
export function keptSettlementView(state: ContractState, asOf: string): KeptSettlement<Unpaged<SettlementView>> {
  return kept(state, () => {
    const definition = state.definition!;
    if (state.termination === null) {
      throw new DomainError(
        'conflict',
        'contract-not-terminated',
        `Contract ${definition.contractId} has not been terminated; ask the what-if (settlement/what-if?terminatedOn=YYYY-MM-DD) for what a termination would settle.`,
      );
    }
    const settlement = computeSettlement(state, { now: asOf });
    const settled = settlementFigures(state, settlement);
    const linesSha256 = settled.linesSha256;
    const { proposals, agreement, payment } = state.settlement;
    const view: Unpaged<SettlementView> = {
      ...settled,
      proposals: proposals.map((p, i) => ({
        proposalId: p.proposalId,
        proposedBy: p.proposedBy,
        proposedByParty: p.proposedByParty,
        position: p.position,
        recordedAt: p.recordedAt,
        computedAtVersion: p.computedAtVersion,
        status: p.status,
        achieved: p.achieved,
        confirmed: p.confirmed,
        future: p.future,
        due: p.due,
        linesSha256: p.linesSha256,
        current: i === proposals.length - 1 && p.withdrawal === null && p.linesSha256 === linesSha256,
        acceptedBy: p.acceptance === null ? [p.proposedBy] : [p.proposedBy, p.acceptance.party],
        withdrawn: p.withdrawal !== null,
      })),
      agreement:
        agreement === null
          ? null
          : {
              proposalId: agreement.proposalId,
              paymentId: agreement.paymentId,
              amount: agreement.amount,
              position: agreement.position,
              recordedAt: agreement.recordedAt,
              supersedes: agreement.supersedes.map((paymentId) => ({ paymentId, amount: state.ledger.get(paymentId)?.supersession?.amount ?? 0 })),
            },
      payment: payment === null ? null : { ...payment },
      payments: settlementPayments(state),
      money: paymentTotals(state),
    };
    return { view, settlement };
  });
}

/**
 * The what-if settlement on the state as recorded at `asOf`. Overrides are checked by the domain,
 * which names them `overrides.<name>`; here they are query parameters, so the field is `<name>`.
 */
export function whatIfSettlementView(
  state: ContractState,
  asOf: string,
  terminatedOn: string,
  overrides: WhatIfOverrides,
  page: SettlementLinesRequest = EVERY_LINE,
): WhatIfSettlementView {
  return pagedView(keptWhatIfView(state, asOf, terminatedOn, overrides), asOf, page);
}

/** whatIfSettlementView without its page: a function of the state's version, asOf's date, terminatedOn and the overrides. */
export function keptWhatIfView(
  state: ContractState,
  asOf: string,
  terminatedOn: string,
  overrides: WhatIfOverrides,
): KeptSettlement<Unpaged<WhatIfSettlementView>> {
  return kept(state, () => {
    try {
      const terms = whatIfTerms(state.definition!, overrides);
      const settlement = whatIfSettlement(state, { terminatedOn, now: asOf, overrides });
      return { view: { ...settlementFigures(state, settlement), terms }, settlement };
    } catch (error) {
      if (error instanceof DomainError && error.field?.startsWith('overrides.')) {
        const field = error.field.slice('overrides.'.length);
        const message = error.message.replaceAll('overrides.', '');
        throw new DomainError(error.kind, error.code, message, {
          field,
          ...(error.details ? { details: error.details.map((d) => ({ ...d, path: d.path.replace(/^overrides\./, '') })) } : {}),
        });
      }
      throw error;
    }
  });
}

/** Each other variant as what-if overrides of an expectedValue contract's terms (tailPeriod: as long as its horizon). */
const OTHER_VARIANTS: ReadonlyArray<[SettlementVariant, WhatIfOverrides]> = [
  ['tailPeriod', { method: 'tailPeriod' }],
  ['estimated', { rates: 'estimated' }],
  ['kaplanMeier', { rates: 'kaplanMeier' }],
];

function variantOf(terms: TerminationTerms): SettlementVariant {
  if (terms.method === 'tailPeriod') return 'tailPeriod';
  return typeof terms.rates === 'string' ? terms.rates : 'agreed';
}

/**
 * The what-if on the state as recorded at `asOf` under the contract's own terms, then under each
 * variant those terms are not: tailPeriod, expectedValue with estimated and with kaplanMeier rates.
 * A tailPeriod contract has no expectedValue terms (horizon, stages, sample size) to vary, so it is
 * compared with nothing but itself.
 */
export function settlementComparisonView(state: ContractState, asOf: string, terminatedOn: string): SettlementComparisonView {
  const definition = state.definition!;
  const own = variantOf(definition.termination);
  const others = definition.termination.method === 'expectedValue' ? OTHER_VARIANTS.filter(([variant]) => variant !== own) : [];
  const variants = [[own, {}] as [SettlementVariant, WhatIfOverrides], ...others].map(([variant, overrides], i): SettlementVariantView => {
    const { method, status, finalOn, achieved, confirmed, future, due, rates, lines } = whatIfSettlement(state, { terminatedOn, now: asOf, overrides });
    const terms = whatIfTerms(definition, overrides);
    return { variant, contractTerms: i === 0, terms, method, status, finalOn, achieved, confirmed, future, due, rates, lineCount: lines.length };
  });
  return {
    contractId: definition.contractId,
    asOf,
    version: state.version,
    terminatedOn,
    currency: definition.currency,
    computedAtVersion: state.version,
    variants,
  };
}
