import { ApiProperty } from '@nestjs/swagger';
import type { EvidenceFiguresView } from '#contracts';
import { AsRecordedResponse } from '../../read-models/read-model.responses.js';

// The figures' shape for the OpenAPI document. `null` is a withheld cell (fewer than 5 participants).

const WITHHELD = 'null when withheld (fewer than 5 participants)';

class SuppressionResponse {
  @ApiProperty({ example: 5 }) minimumCell!: number;
  @ApiProperty({ description: 'Values withheld in this answer' }) suppressedCells!: number;
  @ApiProperty() rule!: string;
}

class FunnelStepResponse {
  @ApiProperty({ example: 'firstEvidencedJob' }) step!: string;
  @ApiProperty({ example: 'first evidenced job' }) label!: string;
  @ApiProperty({ type: Number, nullable: true, description: WITHHELD }) participants!: number | null;
}

class IntervalResponse {
  @ApiProperty() low!: number;
  @ApiProperty() high!: number;
}

class DropoutRowResponse {
  @ApiProperty({ example: 'thorough' }) intakeVariant!: string;
  @ApiProperty({ type: Number, nullable: true }) enrolled!: number | null;
  @ApiProperty({ type: Number, nullable: true }) droppedOut!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'droppedOut / enrolled, 4 decimals' }) rate!: number | null;
  @ApiProperty({ type: IntervalResponse, nullable: true, description: 'Wilson 95 % score interval' }) interval95!: IntervalResponse | null;
}

class DropoutResponse {
  @ApiProperty({ type: [DropoutRowResponse] }) byIntakeVariant!: DropoutRowResponse[];
  @ApiProperty({ type: DropoutRowResponse }) all!: DropoutRowResponse;
}

class DistributionCellResponse {
  @ApiProperty({ description: 'Employment relationships' }) jobs!: number;
  @ApiProperty({ type: Number, nullable: true }) participants!: number | null;
}

class JobsBeforeLastingResponse {
  @ApiProperty({ type: Number, nullable: true, description: 'Participants with a lasting attachment' }) participants!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 2.3 }) mean!: number | null;
  @ApiProperty({ type: Number, nullable: true }) median!: number | null;
  @ApiProperty({ type: [DistributionCellResponse] }) distribution!: DistributionCellResponse[];
}

class TimePointResponse {
  @ApiProperty({ description: 'Days since enrolment (every 7)' }) day!: number;
  @ApiProperty({ description: 'Still followed (at least 5)' }) atRisk!: number;
  @ApiProperty({ description: 'Kaplan–Meier estimate of the share without the event yet' }) survival!: number;
}

class TimeToEventResponse {
  @ApiProperty({ type: Number, nullable: true }) participants!: number | null;
  @ApiProperty({ type: Number, nullable: true }) events!: number | null;
  @ApiProperty({ type: Number, nullable: true }) censored!: number | null;
  @ApiProperty({ type: Number, nullable: true }) medianDays!: number | null;
  @ApiProperty({ type: [TimePointResponse] }) points!: TimePointResponse[];
}

class MonthOutcomeResponse {
  @ApiProperty() outcome!: string;
  @ApiProperty({ type: Number, nullable: true }) occurrences!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Minor units' }) amount!: number | null;
}

class MonthPaymentsResponse {
  @ApiProperty({ type: Number, nullable: true }) count!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Minor units' }) amount!: number | null;
}

class MonthResponse {
  @ApiProperty({ example: '2019-05' }) month!: string;
  @ApiProperty({ type: [MonthOutcomeResponse], description: 'Verified, unreversed occurrences achieved in the month' }) outcomes!: MonthOutcomeResponse[];
  @ApiProperty({ type: MonthPaymentsResponse, description: 'Payments confirmed in the month' }) payments!: MonthPaymentsResponse;
  @ApiProperty({ type: Number, nullable: true, description: 'Minor units' }) committedToDate!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Minor units' }) paidToDate!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Total cap minus committedToDate (minor units)' }) headroom!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Participants whose amounts achieved by the month’s end reach the per-participant cap' })
  participantsAtCap!: number | null;
}

class CapsResponse {
  @ApiProperty({ type: Number, nullable: true }) perParticipant!: number | null;
  @ApiProperty({ type: Number, nullable: true }) total!: number | null;
}

class MoneyByMonthResponse {
  @ApiProperty({ example: 'DKK' }) currency!: string;
  @ApiProperty({ type: CapsResponse }) caps!: CapsResponse;
  @ApiProperty({ type: [MonthResponse] }) months!: MonthResponse[];
}

export class EvidenceFiguresResponse extends AsRecordedResponse implements EvidenceFiguresView {
  @ApiProperty({
    format: 'date',
    description: 'Follow-up ends here: the latest date any recorded fact speaks of, but not after the as-of date or the contract window’s end',
  })
  observedUntil!: string;
  @ApiProperty({ type: String, nullable: true, example: 'SELF_SUPPORT_26W', description: 'The outcome whose first occurrence is a lasting attachment' })
  lastingOutcome!: string | null;
  @ApiProperty({ type: SuppressionResponse }) suppression!: SuppressionResponse;
  @ApiProperty({ type: [FunnelStepResponse], description: 'Referred → accepted at intake → enrolled → placed → first evidenced job → each outcome' })
  funnel!: FunnelStepResponse[];
  @ApiProperty({ type: DropoutResponse, description: 'Withdrawn before a lasting attachment, by intake variant' }) dropout!: DropoutResponse;
  @ApiProperty({ type: JobsBeforeLastingResponse, description: 'Employment relationships before a lasting attachment' })
  jobsBeforeLastingAttachment!: JobsBeforeLastingResponse;
  @ApiProperty({ type: TimeToEventResponse, description: 'Kaplan–Meier: enrolment to first evidenced job' }) timeToFirstJob!: TimeToEventResponse;
  @ApiProperty({ type: TimeToEventResponse, description: 'Kaplan–Meier: enrolment to lasting attachment' }) timeToLastingAttachment!: TimeToEventResponse;
  @ApiProperty({ type: MoneyByMonthResponse, description: 'Outcomes and payments by month against the caps' }) moneyByMonth!: MoneyByMonthResponse;
}
