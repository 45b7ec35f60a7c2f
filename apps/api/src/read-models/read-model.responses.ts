import { applyDecorators, type Type } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AsRecorded, OccurrenceView, ParticipantRow, ParticipantStatus, RecordedFact } from '#contracts';
import { PARTICIPANT_STATUSES } from '#contracts';
import { PAYMENT_STATES, type PaymentState } from '#domain';

// Response shapes shared by the read models, for the OpenAPI document; each implements the view
// type the query returns, so the two cannot drift apart.

export class AsRecordedResponse implements AsRecorded {
  @ApiProperty({ example: 'aalborg-impact60' }) contractId!: string;
  @ApiProperty({
    description: 'The instant the answer is as recorded at (UTC, microseconds): the asOf asked for, or now',
    example: '2019-08-10T12:00:00.000000Z',
  })
  asOf!: string;
  @ApiProperty({ description: 'The contract log’s version (number of events) the answer reflects', example: 42 }) version!: number;
}

export class RecordedFactResponse implements RecordedFact {
  @ApiProperty({ description: 'Position in the contract’s log', example: 7 }) position!: number;
  @ApiProperty({ example: 'PayrollEvidenceRecorded' }) type!: string;
  @ApiProperty({ example: '2026-11-29T10:15:00.123456Z' }) recordedAt!: string;
  @ApiProperty({ description: 'Who recorded it (role:name), from the fact’s metadata', type: String, nullable: true, example: 'provider:fokus-folkeoplysning' })
  actor!: string | null;
  @ApiProperty({ description: 'The fact as recorded', type: 'object', additionalProperties: true }) data!: object;
}

export class ParticipantRowResponse implements ParticipantRow {
  @ApiProperty({ description: 'The participant’s keyed pseudonym', example: 'p_3f9a0c1e5b7d2a4c6e8f0a1b2c3d4e5f' }) participantId!: string;
  @ApiProperty({ enum: PARTICIPANT_STATUSES, description: 'referred (accepted, not enrolled yet), rejected at intake, enrolled (active), withdrawn' })
  status!: ParticipantStatus;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) referredOn!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'thorough' }) intakeVariant!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['accepted', 'rejected'] }) intakeOutcome!: 'accepted' | 'rejected' | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) enrolledOn!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) withdrawnOn!: string | null;
  @ApiProperty({ type: String, nullable: true }) withdrawalReason!: string | null;
  @ApiProperty({ description: 'Placements recorded' }) placements!: number;
  @ApiProperty({ description: 'Verified, unreversed occurrences (capped ones included)' }) occurrences!: number;
  @ApiProperty({ description: 'Committed to verified, unreversed occurrences (minor units)' }) committed!: number;
  @ApiProperty({ description: 'Confirmed payments (minor units)' }) confirmed!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Per-participant cap minus committed, not below 0 (minor units); null without a per-participant cap',
  })
  headroom!: number | null;
}

class VerifiedAtResponse {
  @ApiProperty({ description: 'Position of the OutcomeVerified fact' }) position!: number;
  @ApiProperty() recordedAt!: string;
}

class ReversalResponse {
  @ApiProperty({ description: 'Position of the OutcomeReversed fact' }) position!: number;
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ example: 'no-longer-holds' }) reason!: string;
}

class ConfirmationResponse {
  @ApiProperty({ description: 'Position of the PaymentConfirmed fact' }) position!: number;
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ example: 'PAY-2019-000123' }) reference!: string;
  @ApiProperty({ format: 'date' }) confirmedOn!: string;
  @ApiProperty({ description: 'Minor units' }) amount!: number;
}

class RecoveryResponse {
  @ApiProperty({ description: 'Position of the PaymentRecovered fact' }) position!: number;
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ example: 'REC-2020-000042' }) reference!: string;
  @ApiProperty({ format: 'date' }) recoveredOn!: string;
  @ApiProperty({ description: 'What came back (minor units)' }) amount!: number;
}

class SupersessionResponse {
  @ApiProperty({ description: 'Position of the PaymentSuperseded fact' }) position!: number;
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ description: 'The agreed settlement’s payment identity, which pays or collects it', example: 'aalborg-impact60:settlement:1' })
  settlementPaymentId!: string;
  @ApiProperty({ description: 'The open amount it netted (minor units): positive was due, negative was to recover' }) amount!: number;
}

export class OccurrenceResponse implements OccurrenceView {
  @ApiProperty({ description: 'The payment identity', example: 'aalborg-impact60:p_3f9a…:JOB_13W:1:1' }) paymentId!: string;
  @ApiProperty() participantId!: string;
  @ApiProperty({ example: 'JOB_13W' }) outcomeCode!: string;
  @ApiProperty({ example: 1 }) occurrence!: number;
  @ApiProperty({ description: 'A reversed occurrence verified anew gets the next revision', example: 1 }) revision!: number;
  @ApiProperty({ format: 'date', example: '2019-05-26' }) achievedOn!: string;
  @ApiProperty({ description: 'Minor units', example: 3000000 }) price!: number;
  @ApiProperty({ description: 'What it triggers (minor units): the price, or less when capped', example: 3000000 }) amount!: number;
  @ApiProperty({ type: String, nullable: true, enum: ['participant-cap', 'contract-cap'] }) capReason!: 'participant-cap' | 'contract-cap' | null;
  @ApiProperty() termsVersion!: number;
  @ApiProperty({ type: [Number], description: 'Positions of the facts that made it true' }) provenance!: number[];
  @ApiProperty({ enum: ['verified', 'reversed'], description: 'Whether the occurrence still holds' }) status!: 'verified' | 'reversed';
  @ApiProperty({
    enum: PAYMENT_STATES,
    description:
      'Where its money stands: due (to pay), paid, to-recover (paid, reversed since), recovered, superseded (an agreed settlement ' +
      'pays or collects it instead), cancelled (reversed before it was paid)',
  })
  state!: PaymentState;
  @ApiProperty({ type: VerifiedAtResponse }) verified!: VerifiedAtResponse;
  @ApiProperty({ type: ReversalResponse, nullable: true }) reversal!: ReversalResponse | null;
  @ApiProperty({ type: ConfirmationResponse, nullable: true }) confirmation!: ConfirmationResponse | null;
  @ApiProperty({ type: RecoveryResponse, nullable: true }) recovery!: RecoveryResponse | null;
  @ApiProperty({ type: SupersessionResponse, nullable: true }) supersession!: SupersessionResponse | null;
}

export class ErrorResponse {
  @ApiProperty({ example: 404 }) statusCode!: number;
  @ApiProperty({ example: 'contract-not-found' }) error!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ example: 'asOf' }) field?: string;
}

/** The 400 of a route that takes `asOf`. */
export const AS_OF_BAD_REQUEST =
  'A malformed query parameter, named in `field` (e.g. `asOf`), or an asOf outside the contract’s life: ' +
  '`as-of-in-the-future` (later than now), `as-of-before-contract` (before it was registered; the message says when it was)';

/**
 * What every read-model route answers besides its view: 400 for a malformed asOf, one outside the
 * contract's life (or another bad query parameter), 404 for an unknown contract.
 */
export function ReadModelResponses(type: Type<unknown>, notFound = 'No such contract: `contract-not-found`'): MethodDecorator {
  return applyDecorators(
    ApiOkResponse({ type }),
    ApiBadRequestResponse({ type: ErrorResponse, description: AS_OF_BAD_REQUEST }),
    ApiNotFoundResponse({ type: ErrorResponse, description: notFound }),
  );
}
