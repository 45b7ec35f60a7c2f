import { Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { Migration } from '#database';
import type { OutcomeReversed, OutcomeVerified, PaymentConfirmed } from '#domain';
import type { Projection, RecordedEvent } from '#event-store';
import { contractIdOfStream } from '../contract-stream.js';

/** The projection's name, and so its subscription's id: renaming it rebuilds the table from the log's start. */
export const OCCURRENCES_PROJECTION = 'contracts.occurrences';

/**
 * One row per payment identity, with the instants its verification, reversal and confirmation were
 * recorded (so that "as recorded at" is a filter on them), and per contract the last position of
 * its log the table reflects.
 */
export const occurrencesMigrations: Migration[] = [
  {
    id: 'contracts/001-occurrences',
    sql: `
      CREATE TABLE rm_occurrences (
        payment_id             text PRIMARY KEY,
        contract_id            text NOT NULL,
        participant_id         text NOT NULL,
        outcome_code           text NOT NULL,
        occurrence             integer NOT NULL,
        revision               integer NOT NULL,
        achieved_on            date NOT NULL,
        price                  bigint NOT NULL,
        amount                 bigint NOT NULL,
        cap_reason             text,
        terms_version          integer NOT NULL,
        provenance             jsonb NOT NULL,
        verified_position      bigint NOT NULL,
        verified_at            timestamptz NOT NULL,
        reversed_position      bigint,
        reversed_at            timestamptz,
        reversal_reason        text,
        confirmed_position     bigint,
        confirmed_at           timestamptz,
        confirmation_reference text,
        confirmed_on           date,
        confirmed_amount       bigint
      );
      CREATE INDEX rm_occurrences_by_contract ON rm_occurrences (contract_id, verified_position);

      CREATE TABLE rm_occurrences_progress (
        contract_id text PRIMARY KEY,
        version     bigint NOT NULL
      );
    `,
  },
];

export interface VerifiedRow {
  payment_id: string;
  contract_id: string;
  participant_id: string;
  outcome_code: string;
  occurrence: number;
  revision: number;
  achieved_on: string;
  price: number;
  amount: number;
  cap_reason: string | null;
  terms_version: number;
  provenance: number[];
  verified_position: number;
  verified_at: string;
}

export interface ReversedRow {
  payment_id: string;
  reversed_position: number;
  reversed_at: string;
  reversal_reason: string;
}

export interface ConfirmedRow {
  payment_id: string;
  confirmed_position: number;
  confirmed_at: string;
  confirmation_reference: string;
  confirmed_on: string;
  confirmed_amount: number;
}

export interface ProgressRow {
  contract_id: string;
  version: number;
}

export interface OccurrenceChanges {
  verified: VerifiedRow[];
  reversed: ReversedRow[];
  confirmed: ConfirmedRow[];
  /** Per contract seen in the batch, its last position. */
  progress: ProgressRow[];
}

/** What a batch of the log changes in the table (pure). Events of other streams are skipped. */
export function occurrenceChanges(events: readonly RecordedEvent[]): OccurrenceChanges {
  const verified = new Map<string, VerifiedRow>();
  const reversed = new Map<string, ReversedRow>();
  const confirmed = new Map<string, ConfirmedRow>();
  const progress = new Map<string, ProgressRow>();
  for (const event of events) {
    const contractId = contractIdOfStream(event.streamId);
    if (contractId === undefined) continue;
    const position = event.streamVersion;
    const seen = progress.get(contractId);
    if (seen === undefined || seen.version < position) progress.set(contractId, { contract_id: contractId, version: position });
    switch (event.type) {
      case 'OutcomeVerified': {
        const d = event.data as OutcomeVerified['data'];
        verified.set(d.paymentId, {
          payment_id: d.paymentId,
          contract_id: contractId,
          participant_id: d.participantId,
          outcome_code: d.outcomeCode,
          occurrence: d.occurrence,
          revision: d.revision,
          achieved_on: d.achievedOn,
          price: d.price,
          amount: d.amount,
          cap_reason: d.capReason,
          terms_version: d.termsVersion,
          provenance: d.provenance,
          verified_position: position,
          verified_at: event.recordedAt,
        });
        break;
      }
      case 'OutcomeReversed': {
        const d = event.data as OutcomeReversed['data'];
        // As the contract state does: the first reversal of a payment identity is the one.
        if (!reversed.has(d.paymentId)) {
          reversed.set(d.paymentId, { payment_id: d.paymentId, reversed_position: position, reversed_at: event.recordedAt, reversal_reason: d.reason });
        }
        break;
      }
      case 'PaymentConfirmed': {
        const d = event.data as PaymentConfirmed['data'];
        if (!confirmed.has(d.paymentId)) {
          confirmed.set(d.paymentId, {
            payment_id: d.paymentId,
            confirmed_position: position,
            confirmed_at: event.recordedAt,
            confirmation_reference: d.reference,
            confirmed_on: d.confirmedOn,
            confirmed_amount: d.amount,
          });
        }
        break;
      }
      default:
        break;
    }
  }
  return { verified: [...verified.values()], reversed: [...reversed.values()], confirmed: [...confirmed.values()], progress: [...progress.values()] };
}

// Each kind of change is one statement for the whole batch. Every statement is idempotent (an
// upsert keyed by payment identity, or an update that sets what the fact says), so replaying the
// log over the table, as a rebuild from scratch does, leaves it as it was.
const UPSERT_VERIFIED = `
  INSERT INTO rm_occurrences (payment_id, contract_id, participant_id, outcome_code, occurrence, revision, achieved_on, price,
                              amount, cap_reason, terms_version, provenance, verified_position, verified_at)
  SELECT payment_id, contract_id, participant_id, outcome_code, occurrence, revision, achieved_on::date, price,
         amount, cap_reason, terms_version, provenance, verified_position, verified_at::timestamptz
    FROM jsonb_to_recordset($1::jsonb) AS r(payment_id text, contract_id text, participant_id text, outcome_code text,
         occurrence integer, revision integer, achieved_on text, price bigint, amount bigint, cap_reason text,
         terms_version integer, provenance jsonb, verified_position bigint, verified_at text)
  ON CONFLICT (payment_id) DO UPDATE SET
    contract_id = EXCLUDED.contract_id, participant_id = EXCLUDED.participant_id, outcome_code = EXCLUDED.outcome_code,
    occurrence = EXCLUDED.occurrence, revision = EXCLUDED.revision, achieved_on = EXCLUDED.achieved_on, price = EXCLUDED.price,
    amount = EXCLUDED.amount, cap_reason = EXCLUDED.cap_reason, terms_version = EXCLUDED.terms_version,
    provenance = EXCLUDED.provenance, verified_position = EXCLUDED.verified_position, verified_at = EXCLUDED.verified_at`;

const SET_REVERSED = `
  UPDATE rm_occurrences o
     SET reversed_position = r.reversed_position, reversed_at = r.reversed_at::timestamptz, reversal_reason = r.reversal_reason
    FROM jsonb_to_recordset($1::jsonb) AS r(payment_id text, reversed_position bigint, reversed_at text, reversal_reason text)
   WHERE o.payment_id = r.payment_id AND (o.reversed_position IS NULL OR o.reversed_position >= r.reversed_position)`;

const SET_CONFIRMED = `
  UPDATE rm_occurrences o
     SET confirmed_position = r.confirmed_position, confirmed_at = r.confirmed_at::timestamptz,
         confirmation_reference = r.confirmation_reference, confirmed_on = r.confirmed_on::date, confirmed_amount = r.confirmed_amount
    FROM jsonb_to_recordset($1::jsonb) AS r(payment_id text, confirmed_position bigint, confirmed_at text,
         confirmation_reference text, confirmed_on text, confirmed_amount bigint)
   WHERE o.payment_id = r.payment_id AND (o.confirmed_position IS NULL OR o.confirmed_position >= r.confirmed_position)`;

const ADVANCE_PROGRESS = `
  INSERT INTO rm_occurrences_progress (contract_id, version)
  SELECT contract_id, version FROM jsonb_to_recordset($1::jsonb) AS r(contract_id text, version bigint)
  ON CONFLICT (contract_id) DO UPDATE SET version = EXCLUDED.version
   WHERE rm_occurrences_progress.version < EXCLUDED.version`;

/**
 * Keeps `rm_occurrences` from the log through its own catch-up subscription: a restarted process
 * resumes after the last batch it committed, since rows and checkpoint commit together.
 */
@Injectable()
export class OccurrencesProjection implements Projection {
  readonly name = OCCURRENCES_PROJECTION;

  async handle(events: RecordedEvent[], tx: pg.PoolClient): Promise<void> {
    const changes = occurrenceChanges(events);
    // Verifications first: a reversal or confirmation in the same batch updates the row they insert.
    if (changes.verified.length > 0) await tx.query(UPSERT_VERIFIED, [JSON.stringify(changes.verified)]);
    if (changes.reversed.length > 0) await tx.query(SET_REVERSED, [JSON.stringify(changes.reversed)]);
    if (changes.confirmed.length > 0) await tx.query(SET_CONFIRMED, [JSON.stringify(changes.confirmed)]);
    if (changes.progress.length > 0) await tx.query(ADVANCE_PROGRESS, [JSON.stringify(changes.progress)]);
  }
}
