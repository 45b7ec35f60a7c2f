import { ApiProperty } from '@nestjs/swagger';
import type { ContractSummaryView, OutcomeFigures } from '#contracts';
import { AsRecordedResponse } from '../read-model.responses.js';

class PartiesResponse {
  @ApiProperty({ example: 'aalborg-kommune' }) commissioner!: string;
  @ApiProperty({ example: 'den-sociale-kapitalfond' }) investor!: string;
  @ApiProperty({ example: 'fokus-folkeoplysning' }) provider!: string;
}

class DateRangeResponse {
  @ApiProperty({ format: 'date', example: '2018-09-01' }) start!: string;
  @ApiProperty({ format: 'date', example: '2022-12-31' }) end!: string;
}

class TerminationResponse {
  @ApiProperty({ format: 'date' }) effectiveOn!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ enum: ['expectedValue', 'tailPeriod'] }) method!: string;
  @ApiProperty({ description: 'Position of the ContractTerminated fact' }) position!: number;
  @ApiProperty() recordedAt!: string;
}

class SettlementProgressResponse {
  @ApiProperty({ description: 'Settlement proposals made so far', example: 1 }) proposals!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'The proposal both commissioner and investor agreed' }) agreedProposalId!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'The agreed settlement’s payment identity', example: 'aalborg-impact60:settlement:1' })
  paymentId!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'What the agreed settlement pays (minor units; negative: to recover)' }) amount!: number | null;
  @ApiProperty({ description: 'The payment service confirmed the settlement’s payment' }) paid!: boolean;
  @ApiProperty({ description: 'Adjustments: new amounts to settle, made by money that moved after the agreement for what it had netted' }) adjustments!: number;
}

class ContractHeadResponse {
  @ApiProperty({ example: 'IMPACT60' }) title!: string;
  @ApiProperty({ example: 'DKK' }) currency!: string;
  @ApiProperty({ enum: ['registered', 'active', 'terminated'] }) status!: string;
  @ApiProperty({ type: PartiesResponse }) parties!: PartiesResponse;
  @ApiProperty({ type: DateRangeResponse }) period!: DateRangeResponse;
  @ApiProperty({ type: DateRangeResponse, description: 'The days outcomes may be achieved on: the period, or what a termination left of it' })
  window!: DateRangeResponse;
  @ApiProperty({ description: '1 at registration, +1 per amendment' }) termsVersion!: number;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) activatedOn!: string | null;
  @ApiProperty({ type: TerminationResponse, nullable: true }) termination!: TerminationResponse | null;
  @ApiProperty({
    type: SettlementProgressResponse,
    nullable: true,
    description: 'After a termination: how far its settlement has come (GET /contracts/{id}/settlement for the settlement)',
  })
  settlement!: SettlementProgressResponse | null;
  @ApiProperty({ example: 120 }) targetParticipants!: number;
}

class ParticipantCountsResponse {
  @ApiProperty() total!: number;
  @ApiProperty({ description: 'Accepted at intake, not enrolled (yet)' }) referred!: number;
  @ApiProperty({ description: 'Rejected at intake' }) rejected!: number;
  @ApiProperty({ description: 'Enrolled and not withdrawn (active)' }) enrolled!: number;
  @ApiProperty() withdrawn!: number;
}

class FunnelResponse {
  @ApiProperty({ description: 'Referred (all, rejected at intake included)' }) referred!: number;
  @ApiProperty({ description: 'Ever enrolled' }) enrolled!: number;
  @ApiProperty({ description: 'Enrolled with at least one placement recorded' }) placed!: number;
  @ApiProperty({ description: 'With at least one verified, unreversed occurrence' }) anyOutcome!: number;
  @ApiProperty({ description: 'With at least one verified, unreversed occurrence of a lasting outcome (lastingOutcomeCodes)' }) lastingOutcome!: number;
  @ApiProperty({
    type: [String],
    description: 'The outcomes that count as lasting: every outcome but a placement start',
    example: ['JOB_13W', 'SELF_SUPPORT_26W'],
  })
  lastingOutcomeCodes!: string[];
}

class CountAndAmountResponse {
  @ApiProperty() count!: number;
  @ApiProperty({ description: 'Minor units' }) amount!: number;
}

class CappedResponse extends CountAndAmountResponse {
  @ApiProperty({ description: 'Price minus amount, summed (minor units)' }) shortfall!: number;
}

class OutcomeFiguresResponse implements OutcomeFigures {
  @ApiProperty({ example: 'JOB_13W' }) code!: string;
  @ApiProperty({ example: 'employmentSustained' }) trigger!: string;
  @ApiProperty({ example: 3000000 }) price!: number;
  @ApiProperty({ example: 2 }) maxPerParticipant!: number;
  @ApiProperty({ type: CountAndAmountResponse, description: 'Verified and not reversed (capped ones included)' }) verified!: CountAndAmountResponse;
  @ApiProperty({ type: CappedResponse, description: 'Of the verified ones, those cut below their price by a cap' }) capped!: CappedResponse;
  @ApiProperty({ type: CountAndAmountResponse, description: 'Reversed; amount: what the reversals took back, as a positive sum' })
  reversed!: CountAndAmountResponse;
}

/** paid − recovered + due − toRecover = owed, by the state of every payment identity (§7 "No money paid twice"). */
class MoneyResponse {
  @ApiProperty({ description: 'Sum of verified, unreversed amounts', example: 11000000 }) triggered!: number;
  @ApiProperty({ description: 'What is owed in all: triggered, or once a settlement is agreed what it agreed (achieved + future)' }) owed!: number;
  @ApiProperty({ description: 'Money paid: outcome payments, and the settlement’s and adjustments’ positive amounts' }) paid!: number;
  @ApiProperty({ description: 'Money that came back' }) recovered!: number;
  @ApiProperty({ description: 'paid − recovered' }) confirmed!: number;
  @ApiProperty({ description: 'Open amounts to pay: payment identities in state due' }) due!: number;
  @ApiProperty({ description: 'Open amounts to recover: payment identities in state to-recover' }) toRecover!: number;
  @ApiProperty({ description: 'The open amounts an agreed settlement netted (due less to recover): it pays or collects them instead' }) superseded!: number;
  @ApiProperty({ description: 'due − toRecover (= owed − confirmed)' }) net!: number;
}

class CapsResponse {
  @ApiProperty({ type: Number, nullable: true, example: 600000000, description: 'Null when the contract has no total cap' }) total!: number | null;
  @ApiProperty({ description: 'Committed to verified, unreversed occurrences' }) used!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Total cap minus used, not below 0; null without a total cap' }) headroom!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 11000000, description: 'Null when the contract has no per-participant cap' }) perParticipant!:
    number | null;
  @ApiProperty({ description: 'Participants whose committed amount has reached the per-participant cap' }) participantsAtCap!: number;
}

export class ContractSummaryResponse extends AsRecordedResponse implements ContractSummaryView {
  @ApiProperty({ type: ContractHeadResponse }) contract!: ContractHeadResponse;
  @ApiProperty({ type: ParticipantCountsResponse, description: 'Participants by where they stand' }) participants!: ParticipantCountsResponse;
  @ApiProperty({ type: FunnelResponse, description: 'From referral to lasting outcome' }) funnel!: FunnelResponse;
  @ApiProperty({ type: [OutcomeFiguresResponse], description: 'Per outcome, in the definition’s order' }) outcomes!: OutcomeFiguresResponse[];
  @ApiProperty({ type: MoneyResponse, description: 'Minor units' }) money!: MoneyResponse;
  @ApiProperty({ type: CapsResponse, description: 'Minor units' }) caps!: CapsResponse;
}
