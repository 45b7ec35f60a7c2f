import { Query } from '@nestjs/cqrs';
import type { ContractSummaryView } from './contract-summary.view.js';
import type { OccurrenceProvenanceView } from './occurrence-provenance.view.js';
import type { OccurrenceFilter, OccurrencesView } from './occurrences.view.js';
import type { ParticipantTimelineView } from './participant-timeline.view.js';
import type { ParticipantStatus, ParticipantsView } from './participants.view.js';
import type { SettlementComparisonView, SettlementView, WhatIfSettlementView } from './settlement.view.js';
import type { WhatIfOverrides } from '#domain';

/** A page of a list: after a cursor the list handed out (absent: its start), up to `limit` items (absent: the default). */
export interface PageRequest {
  after?: string;
  limit?: number;
}

/** Filters of the settlement's lines. */
export interface SettlementLinesFilters {
  participantId?: string;
  outcomeCode?: string;
}

/** A page of a settlement's lines, or (`every`) all of them that pass the filters: the CSV. */
export type SettlementLinesQuery = (PageRequest & SettlementLinesFilters) | ({ every: true } & SettlementLinesFilters);

// Every query takes `asOf`: an ISO-8601 instant meaning "as recorded then" (§6), or undefined for now.

/** The contract at a glance: status, participants, funnel, outcomes, money and caps. */
export class GetContractSummaryQuery extends Query<ContractSummaryView> {
  constructor(
    readonly contractId: string,
    readonly asOf?: string,
  ) {
    super();
  }
}

/** A page of the participants with their status, dates, placements and money against their cap. */
export class ListParticipantsQuery extends Query<ParticipantsView> {
  constructor(
    readonly contractId: string,
    readonly asOf?: string,
    readonly page: PageRequest & { status?: ParticipantStatus; intakeVariant?: string } = {},
  ) {
    super();
  }
}

/** One participant's facts and occurrences in log order. */
export class GetParticipantTimelineQuery extends Query<ParticipantTimelineView> {
  constructor(
    readonly contractId: string,
    readonly participantId: string,
    readonly asOf?: string,
  ) {
    super();
  }
}

/** A page of the occurrences table (one row per payment identity), optionally one status, participant or outcome only. */
export class ListOccurrencesQuery extends Query<OccurrencesView> {
  constructor(
    readonly contractId: string,
    readonly asOf?: string,
    readonly status?: OccurrenceFilter,
    readonly page: PageRequest & { participantId?: string; outcomeCode?: string } = {},
  ) {
    super();
  }
}

/** One payment identity with the facts that made it true, and the cause of its reversal. */
export class GetOccurrenceProvenanceQuery extends Query<OccurrenceProvenanceView> {
  constructor(
    readonly contractId: string,
    readonly paymentId: string,
    readonly asOf?: string,
  ) {
    super();
  }
}

/** The settlement of a terminated contract, with its proposals, agreement and payment; a page of its lines (all when `page` is absent). */
export class GetSettlementQuery extends Query<SettlementView> {
  constructor(
    readonly contractId: string,
    readonly asOf?: string,
    readonly page?: SettlementLinesQuery,
  ) {
    super();
  }
}

/** What a termination effective on `terminatedOn` would settle, for a contract not terminated; records nothing. */
export class GetWhatIfSettlementQuery extends Query<WhatIfSettlementView> {
  constructor(
    readonly contractId: string,
    readonly terminatedOn: string,
    readonly overrides: WhatIfOverrides = {},
    readonly asOf?: string,
    readonly page?: SettlementLinesQuery,
  ) {
    super();
  }
}

/** The what-if on `terminatedOn` under the contract's terms and each other way of settling, side by side; records nothing. */
export class GetSettlementComparisonQuery extends Query<SettlementComparisonView> {
  constructor(
    readonly contractId: string,
    readonly terminatedOn: string,
    readonly asOf?: string,
  ) {
    super();
  }
}
