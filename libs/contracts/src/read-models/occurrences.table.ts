import { Injectable } from '@nestjs/common';
import { Database, inTransaction } from '#database';
import type { CapReason } from '#domain';
import { PostgresEventStore } from '#event-store';
import { OCCURRENCES_PROJECTION } from './occurrences.projection.js';
import {
  filterAsMoves,
  MOVE_BITS,
  type OccurrencesPageRequest,
  type OccurrencesTableSnapshot,
  type OccurrenceView,
  paymentStateOfMoves,
} from './occurrences.view.js';
import { contractStreamId } from '#domain';

/** Instants as the event store writes them: UTC with microseconds, so that they compare as text. */
const instant = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

interface OccurrenceRow {
  payment_id: string;
  participant_id: string;
  outcome_code: string;
  occurrence: number;
  revision: number;
  achieved_on: string;
  price: string;
  amount: string;
  cap_reason: CapReason | null;
  terms_version: number;
  provenance: number[];
  verified_position: string;
  verified_at: string;
  reversed_position: string | null;
  reversed_at: string | null;
  reversal_reason: string | null;
  confirmed_position: string | null;
  confirmed_at: string | null;
  confirmation_reference: string | null;
  confirmed_on: string | null;
  confirmed_amount: string | null;
  recovered_position: string | null;
  recovered_at: string | null;
  recovery_reference: string | null;
  recovered_on: string | null;
  recovered_amount: string | null;
  superseded_position: string | null;
  superseded_at: string | null;
  superseded_by: string | null;
  superseded_amount: string | null;
}

/** The move's bit (MOVE_BITS) when it was recorded by asOf ($2; null: now), else 0. */
const movedBy = (column: string, bit: number): string =>
  `(CASE WHEN ${column} IS NOT NULL AND ($2::timestamptz IS NULL OR ${column} <= $2::timestamptz) THEN ${bit} ELSE 0 END)`;

/**
 * One page by keyset on the verified position, the filters in SQL before the limit, so that a page
 * costs the rows it returns (and, with a status filter, the rows it passes over to fill it).
 */
const SELECT_ROWS = `
  SELECT payment_id, participant_id, outcome_code, occurrence, revision, achieved_on::text AS achieved_on, price, amount,
         cap_reason, terms_version, provenance, verified_position, ${instant('verified_at')} AS verified_at,
         reversed_position, ${instant('reversed_at')} AS reversed_at, reversal_reason,
         confirmed_position, ${instant('confirmed_at')} AS confirmed_at, confirmation_reference,
         confirmed_on::text AS confirmed_on, confirmed_amount,
         recovered_position, ${instant('recovered_at')} AS recovered_at, recovery_reference, recovered_on::text AS recovered_on, recovered_amount,
         superseded_position, ${instant('superseded_at')} AS superseded_at, superseded_by, superseded_amount
    FROM rm_occurrences
   WHERE contract_id = $1 AND ($2::timestamptz IS NULL OR verified_at <= $2::timestamptz)
     AND verified_position > $3
     AND ($4::text IS NULL OR participant_id = $4)
     AND ($5::text IS NULL OR outcome_code = $5)
     AND ($6::int[] IS NULL OR (${movedBy('reversed_at', MOVE_BITS.reversed)} | ${movedBy('confirmed_at', MOVE_BITS.confirmed)}
                                | ${movedBy('recovered_at', MOVE_BITS.recovered)} | ${movedBy('superseded_at', MOVE_BITS.superseded)}) = ANY($6::int[]))
     AND (NOT $7::boolean OR amount < price)
   ORDER BY verified_position
   LIMIT $8`;

/** Reads the occurrences table as the projection left it: one consistent snapshot, no waiting for it to catch up. */
@Injectable()
export class OccurrencesTable {
  constructor(
    private readonly database: Database,
    private readonly store: PostgresEventStore,
  ) {}

  /** One page of the table as recorded at `asOf` (undefined: now): up to the limit and one more row. */
  read(contractId: string, asOf: string | undefined, page: OccurrencesPageRequest): Promise<OccurrencesTableSnapshot> {
    const filter = filterAsMoves(page.status);
    return inTransaction(this.database.pool, async (client) => {
      // One snapshot for the rows, the progress and the checkpoint, so that they agree.
      await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const streamVersion = await this.store.streamVersionWith(client, contractStreamId(contractId), { recordedAtOrBefore: asOf });
      const checkpoint = await client.query<{ transaction_id: string; global_position: string }>(
        'SELECT transaction_id::text AS transaction_id, global_position::text AS global_position FROM es_subscriptions WHERE subscription_id = $1',
        [OCCURRENCES_PROJECTION],
      );
      const progress = await client.query<{ version: string }>('SELECT version FROM rm_occurrences_progress WHERE contract_id = $1', [contractId]);
      const rows = await client.query<OccurrenceRow>(SELECT_ROWS, [
        contractId,
        asOf ?? null,
        page.afterPosition,
        page.participantId ?? null,
        page.outcomeCode ?? null,
        filter?.moves ?? null,
        filter?.capped ?? false,
        page.limit + 1,
      ]);
      return {
        streamVersion,
        projectedVersion: Number(progress.rows[0]?.version ?? 0),
        checkpoint: {
          transactionId: checkpoint.rows[0]?.transaction_id ?? '0',
          globalPosition: checkpoint.rows[0]?.global_position ?? '0',
        },
        occurrences: rows.rows.map(occurrenceOfRow),
      };
    });
  }
}

function occurrenceOfRow(row: OccurrenceRow): OccurrenceView {
  const moved = {
    reversal: row.reversed_position === null ? null : { position: Number(row.reversed_position), recordedAt: row.reversed_at!, reason: row.reversal_reason! },
    confirmation:
      row.confirmed_position === null
        ? null
        : {
            position: Number(row.confirmed_position),
            recordedAt: row.confirmed_at!,
            reference: row.confirmation_reference!,
            confirmedOn: row.confirmed_on!,
            amount: Number(row.confirmed_amount),
          },
    recovery:
      row.recovered_position === null
        ? null
        : {
            position: Number(row.recovered_position),
            recordedAt: row.recovered_at!,
            reference: row.recovery_reference!,
            recoveredOn: row.recovered_on!,
            amount: Number(row.recovered_amount),
          },
    supersession:
      row.superseded_position === null
        ? null
        : {
            position: Number(row.superseded_position),
            recordedAt: row.superseded_at!,
            settlementPaymentId: row.superseded_by!,
            amount: Number(row.superseded_amount),
          },
  };
  return {
    paymentId: row.payment_id,
    participantId: row.participant_id,
    outcomeCode: row.outcome_code,
    occurrence: row.occurrence,
    revision: row.revision,
    achievedOn: row.achieved_on,
    price: Number(row.price),
    amount: Number(row.amount),
    capReason: row.cap_reason,
    termsVersion: row.terms_version,
    provenance: row.provenance,
    status: moved.reversal === null ? 'verified' : 'reversed',
    state: paymentStateOfMoves(moved),
    verified: { position: Number(row.verified_position), recordedAt: row.verified_at },
    ...moved,
  };
}
