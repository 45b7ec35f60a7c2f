import { Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { Migration } from '#database';
import type { OutcomeReversed, OutcomeVerified, PaymentConfirmed, PaymentRecovered, PaymentSuperseded } from '#domain';
import type { Projection, RecordedEvent } from '#event-store';
import { contractIdOfStream } from '#domain';

/** The projection's name, and so its subscription's id: renaming it rebuilds the table from the log's start. */
export const OCCURRENCES_PROJECTION = 'contracts.occurrences';

/**
 * One row per payment identity, with the instants its verification, reversal, confirmation,
 * recovery and supersession were recorded (so that "as recorded at" is a filter on them), and per
 * contract the last position of its log the table reflects.
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
  {
    // What became of the money besides a confirmation: it came back, or an agreed settlement netted it.
    id: 'contracts/002-occurrence-recovery-supersession',
    sql: `
      ALTER TABLE rm_occurrences
        ADD COLUMN recovered_position  bigint,
        ADD COLUMN recovered_at        timestamptz,
        ADD COLUMN recovery_reference  text,
        ADD COLUMN recovered_on        date,
        ADD COLUMN recovered_amount    bigint,
        ADD COLUMN superseded_position bigint,
        ADD COLUMN superseded_at       timestamptz,
        ADD COLUMN superseded_by       text,
        ADD COLUMN superseded_amount   bigint;
    `,
  },
  {
    // A page of one participant's occurrences reads that participant's rows only.
    id: 'contracts/003-occurrences-by-participant',
    sql: `CREATE INDEX rm_occurrences_by_participant ON rm_occurrences (contract_id, participant_id, verified_position);`,
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

export interface RecoveredRow {
  payment_id: string;
  recovered_position: number;
  recovered_at: string;
  recovery_reference: string;
  recovered_on: string;
  recovered_amount: number;
}

export interface SupersededRow {
  payment_id: string;
  superseded_position: number;
  superseded_at: string;
  superseded_by: string;
  superseded_amount: number;
}

export interface ProgressRow {
  contract_id: string;
  version: number;
}

export interface OccurrenceChanges {
  verified: VerifiedRow[];
  reversed: ReversedRow[];
  confirmed: ConfirmedRow[];
  recovered: RecoveredRow[];
  superseded: SupersededRow[];
  /** Per contract seen in the batch, its last position. */
  progress: ProgressRow[];
}

function keepFirst<R extends { payment_id: string }>(rows: Map<string, R>, row: R): void {
  if (!rows.has(row.payment_id)) rows.set(row.payment_id, row);
}

/** What a batch of the log changes in the table (pure). Events of other streams are skipped. */
export function occurrenceChanges(events: readonly RecordedEvent[]): OccurrenceChanges {
  const verified = new Map<string, VerifiedRow>();
  const reversed = new Map<string, ReversedRow>();
  const confirmed = new Map<string, ConfirmedRow>();
  const recovered = new Map<string, RecoveredRow>();
  const superseded = new Map<string, SupersededRow>();
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
      // As the contract state does: the first of each of these facts for a payment identity is the one.
      case 'OutcomeReversed': {
        const d = event.data as OutcomeReversed['data'];
        keepFirst(reversed, { payment_id: d.paymentId, reversed_position: position, reversed_at: event.recordedAt, reversal_reason: d.reason });
        break;
      }
      case 'PaymentConfirmed': {
        const d = event.data as PaymentConfirmed['data'];
        keepFirst(confirmed, {
          payment_id: d.paymentId,
          confirmed_position: position,
          confirmed_at: event.recordedAt,
          confirmation_reference: d.reference,
          confirmed_on: d.confirmedOn,
          confirmed_amount: d.amount,
        });
        break;
      }
      case 'PaymentRecovered': {
        const d = event.data as PaymentRecovered['data'];
        keepFirst(recovered, {
          payment_id: d.paymentId,
          recovered_position: position,
          recovered_at: event.recordedAt,
          recovery_reference: d.reference,
          recovered_on: d.recoveredOn,
          recovered_amount: d.amount,
        });
        break;
      }
      case 'PaymentSuperseded': {
        const d = event.data as PaymentSuperseded['data'];
        keepFirst(superseded, {
          payment_id: d.paymentId,
          superseded_position: position,
          superseded_at: event.recordedAt,
          superseded_by: d.settlementPaymentId,
          superseded_amount: d.amount,
        });
        break;
      }
      default:
        break;
    }
  }
  return {
    verified: [...verified.values()],
    reversed: [...reversed.values()],
    confirmed: [...confirmed.values()],
    recovered: [...recovered.values()],
    superseded: [...superseded.values()],
    progress: [...progress.values()],
  };
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

/**
 * Sets what one kind of later fact says of a row (its position first, then its other columns, with
 * their SQL types), unless an earlier fact of that kind already did: the first one is the one.
 */
function setOnce(columns: ReadonlyArray<readonly [name: string, type: string]>): string {
  const [position] = columns[0];
  const cast = (name: string, type: string): string => (type === 'timestamptz' || type === 'date' ? `r.${name}::${type}` : `r.${name}`);
  const wire = (type: string): string => (type === 'timestamptz' || type === 'date' ? 'text' : type);
  return `
  UPDATE rm_occurrences o
     SET ${columns.map(([name, type]) => `${name} = ${cast(name, type)}`).join(', ')}
    FROM jsonb_to_recordset($1::jsonb) AS r(payment_id text, ${columns.map(([name, type]) => `${name} ${wire(type)}`).join(', ')})
   WHERE o.payment_id = r.payment_id AND (o.${position} IS NULL OR o.${position} >= r.${position})`;
}

const SET_REVERSED = setOnce([
  ['reversed_position', 'bigint'],
  ['reversed_at', 'timestamptz'],
  ['reversal_reason', 'text'],
]);
const SET_CONFIRMED = setOnce([
  ['confirmed_position', 'bigint'],
  ['confirmed_at', 'timestamptz'],
  ['confirmation_reference', 'text'],
  ['confirmed_on', 'date'],
  ['confirmed_amount', 'bigint'],
]);
const SET_RECOVERED = setOnce([
  ['recovered_position', 'bigint'],
  ['recovered_at', 'timestamptz'],
  ['recovery_reference', 'text'],
  ['recovered_on', 'date'],
  ['recovered_amount', 'bigint'],
]);
const SET_SUPERSEDED = setOnce([
  ['superseded_position', 'bigint'],
  ['superseded_at', 'timestamptz'],
  ['superseded_by', 'text'],
  ['superseded_amount', 'bigint'],
]);

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
    if (changes.recovered.length > 0) await tx.query(SET_RECOVERED, [JSON.stringify(changes.recovered)]);
    if (changes.superseded.length > 0) await tx.query(SET_SUPERSEDED, [JSON.stringify(changes.superseded)]);
    if (changes.progress.length > 0) await tx.query(ADVANCE_PROGRESS, [JSON.stringify(changes.progress)]);
  }
}
