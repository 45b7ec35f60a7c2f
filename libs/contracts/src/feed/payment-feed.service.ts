import { Injectable } from '@nestjs/common';
import type { CloudEvent } from 'cloudevents';
import {
  decodeCursor,
  encodeCursor,
  EventLogReader,
  EventStreamReader,
  type LogPosition,
  PAGE_DEFAULT_LIMIT,
  PAGE_MAX_LIMIT,
  pageLimit,
  type PageLinks,
  positionOf,
} from '#event-store';
import { type ContractDefinition, contractNotFound, contractIdOfStream, contractStreamId } from '#domain';
import { PAYMENT_FEED_EVENT_TYPES, type PaymentFeedPayload, toPaymentCloudEvent } from './payment-events.js';

/** The feed pages as every list does (#event-store's page.ts). */
export const FEED_DEFAULT_LIMIT = PAGE_DEFAULT_LIMIT;
export const FEED_MAX_LIMIT = PAGE_MAX_LIMIT;

export interface PaymentFeedRequest {
  /** A cursor this feed handed out (`next`, or an event's `sequence`); the log's start when absent. */
  after?: string;
  /** 1..1000; default 100. */
  limit?: number;
  /** The contracts to include: the principal's scope. */
  contracts: readonly string[] | '*';
}

export interface PaymentFeedPage extends PageLinks {
  /** In the log's commit-safe order. */
  events: Array<CloudEvent<PaymentFeedPayload>>;
}

/**
 * The payment service's pull feed: every event that changes what a payment identity asks to move
 * (OutcomeVerified, OutcomeReversed, PaymentConfirmed, PaymentRecovered, SettlementAgreed,
 * PaymentSuperseded, SettlementAdjusted, SettlementPaid) of the contracts in scope, as CloudEvents,
 * in the log's commit-safe order, resumable after any event.
 *
 * The feed is the source of truth; webhooks (when added) are only a nudge to come and read it.
 * As Stripe learned, pushed deliveries arrive late, twice or out of order and can be lost for
 * good after the retries run out; a consumer that keeps its cursor and deduplicates by payment
 * identity + type (or by event id) can always replay from any position and end up complete.
 *
 * Cursor semantics: a cursor is a point in the log's commit-safe order (transaction id, global
 * position), which only events of finished transactions are read below; so no event can later
 * appear behind a cursor handed out. The type and scope filters run in SQL before the limit, so a
 * page is up to `limit` matching events and `next` is the position of the last of them.
 */
@Injectable()
export class PaymentFeed {
  /** A contract's currency cannot change (an amendment may not), so it is kept once read. */
  private readonly currencies = new Map<string, string | null>();

  constructor(
    private readonly log: EventLogReader,
    private readonly streams: EventStreamReader,
  ) {}

  async read(request: PaymentFeedRequest): Promise<PaymentFeedPage> {
    const after = decodeCursor(request.after);
    const limit = pageLimit(request.limit);
    if (request.contracts !== '*' && request.contracts.length === 0) return { events: [], next: encodeCursor(after), hasMore: false };

    const read = await this.log.readAll({
      after,
      limit: limit + 1,
      eventTypes: PAYMENT_FEED_EVENT_TYPES,
      streamIds: request.contracts === '*' ? undefined : request.contracts.map(contractStreamId),
    });
    const hasMore = read.length > limit;
    const page = hasMore ? read.slice(0, limit) : read;
    const events: PaymentFeedPage['events'] = [];
    let last: LogPosition = after;
    for (const event of page) {
      last = positionOf(event);
      const contractId = contractIdOfStream(event.streamId);
      // Only contract streams hold these types; anything else is passed over (but not re-read).
      if (contractId === undefined) continue;
      events.push(toPaymentCloudEvent(event, contractId, await this.currencyOf(contractId)));
    }
    return { events, next: encodeCursor(last), hasMore };
  }

  /** One contract's feed; 404 when no such contract is registered. */
  async readContract(contractId: string, request: Omit<PaymentFeedRequest, 'contracts'>): Promise<PaymentFeedPage> {
    decodeCursor(request.after); // a bad cursor is a 400 before anything else
    if ((await this.streams.streamVersion(contractStreamId(contractId))) === 0) {
      throw contractNotFound(contractId);
    }
    return this.read({ ...request, contracts: [contractId] });
  }

  private async currencyOf(contractId: string): Promise<string | undefined> {
    if (!this.currencies.has(contractId)) {
      const [first] = await this.streams.readStream(contractStreamId(contractId), { fromVersion: 1, toVersion: 1 });
      const definition = first?.type === 'ContractRegistered' ? (first.data as { definition?: ContractDefinition }).definition : undefined;
      const currency = typeof definition?.currency === 'string' ? definition.currency : null;
      if (first !== undefined) this.currencies.set(contractId, currency);
      return currency ?? undefined;
    }
    return this.currencies.get(contractId) ?? undefined;
  }
}
