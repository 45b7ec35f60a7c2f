import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Settlement, SettlementLine, SettlementRate, SurvivalTable } from '#domain';
import { AsRecordedResponse } from '../read-models/read-model.responses.js';

// The settlement's shape for the OpenAPI document, shared by the settlement and its what-if; each
// class implements the domain's type, so the two cannot drift apart.

class RateIntervalResponse {
  @ApiProperty({ example: 0.3127 }) lower!: number;
  @ApiProperty({ example: 0.5214 }) upper!: number;
}

export class SurvivalTableResponse implements SurvivalTable {
  @ApiProperty({ description: 'Sample units', example: 178 }) units!: number;
  @ApiProperty({ description: 'Units whose occurrence was achieved within the horizon of reaching the stage', example: 61 }) events!: number;
  @ApiProperty({ description: 'Units without their occurrence by T, followed less than the horizon', example: 54 }) censored!: number;
  @ApiProperty({
    type: RateIntervalResponse,
    nullable: true,
    description:
      '95 % confidence interval of the rate (Greenwood’s variance, log-log scale), 4 decimals; null when the survival is 0 or 1. For information only',
  })
  interval95!: RateIntervalResponse | null;
}

export class SettlementRateResponse implements SettlementRate {
  @ApiProperty({ example: 'JOB_13W' }) outcomeCode!: string;
  @ApiProperty({ description: 'The stage’s lower bound in days of progress (a value of stageDays)', example: 30 }) stage!: number;
  @ApiProperty({
    description:
      'Unreduced: achieved over counted sample units (estimated), 1 − S in ten-thousandths (kaplanMeier), or the agreed or fallback fraction as written',
    example: '78/178',
  })
  rate!: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Counted sample units (kaplanMeier: all its sample units); null for an agreed table',
    example: 178,
  })
  sampleSize!: number | null;
  @ApiProperty({ enum: ['estimated', 'agreed', 'fallback'], description: 'estimated: from the contract’s history, by the estimator its terms name' })
  source!: SettlementRate['source'];
  @ApiPropertyOptional({
    type: SurvivalTableResponse,
    description: 'Rates kaplanMeier only (an estimate or its fallback): how the sample units fared by the horizon',
  })
  survival?: SurvivalTableResponse;
}

export class SettlementLineResponse implements SettlementLine {
  @ApiProperty({ description: 'The participant’s pseudonym', example: 'p_3f9a0c1e5b7d2a4c6e8f0a1b2c3d4e5f' }) participantId!: string;
  @ApiProperty({ example: 'JOB_13W' }) outcomeCode!: string;
  @ApiProperty({ description: 'The next occurrence: one more than those achieved by T', example: 2 }) occurrence!: number;
  @ApiProperty({ description: 'The stage of the progress (days)', example: 30 }) stage!: number;
  @ApiProperty({ description: 'Days of progress on T towards that occurrence', example: 58 }) progress!: number;
  @ApiProperty({ example: '1/4' }) rate!: string;
  @ApiProperty({ type: Number, nullable: true, example: 3 }) sampleSize!: number | null;
  @ApiProperty({ description: 'price × rate, rounded half-up, cut to the caps (minor units)', example: 750000 }) amount!: number;
  @ApiProperty({ type: String, nullable: true, enum: ['participant-cap', 'contract-cap'], description: 'The cap that reduced the amount' })
  cutBy!: SettlementLine['cutBy'];
}

export class SettlementFiguresResponse extends AsRecordedResponse implements Settlement {
  @ApiProperty({ format: 'date', description: 'T, the termination’s effective date', example: '2020-06-30' }) terminatedOn!: string;
  @ApiProperty({ enum: ['expectedValue', 'tailPeriod'] }) method!: Settlement['method'];
  @ApiProperty({ enum: ['provisional', 'final'], description: 'Final once the day after finalOn has begun (Europe/Copenhagen)' }) status!: Settlement['status'];
  @ApiProperty({ description: 'The log version it was computed from', example: 118 }) computedAtVersion!: number;
  @ApiProperty({ format: 'date', description: 'The last day facts are accepted: the window’s end plus the evidence grace', example: '2020-09-01' })
  finalOn!: string;
  @ApiProperty({ description: 'Verified, unreversed amounts achieved inside the window (minor units)', example: 16000000 }) achieved!: number;
  @ApiProperty({ description: 'Confirmed payments, reversed ones included (minor units)', example: 2000000 }) confirmed!: number;
  @ApiProperty({ description: 'The sum of the lines (minor units)', example: 5000000 }) future!: number;
  @ApiProperty({ description: 'achieved − confirmed + future (minor units); negative: money to recover', example: 19000000 }) due!: number;
  @ApiProperty({ type: [SettlementRateResponse], description: 'expectedValue: every outcome at every stage; tailPeriod: none' })
  rates!: SettlementRateResponse[];
  @ApiProperty({
    type: [SettlementLineResponse],
    description:
      'One page of the lines (after, limit, participantId, outcomeCode), by participant id, then the outcome’s order in the definition; tailPeriod: none',
  })
  lines!: SettlementLineResponse[];
  @ApiProperty({ description: 'How many lines the settlement has in all (the totals and linesSha256 are of all of them)', example: 240 }) lineCount!: number;
  @ApiProperty({ description: 'Pass as `after` for the next page of lines (the pages are as recorded at the first page’s asOf)' }) next!: string;
  @ApiProperty({ description: 'More lines are there: ask again at once with `next`' }) hasMore!: boolean;
  @ApiProperty({ example: 'DKK' }) currency!: string;
  @ApiProperty({ description: 'SHA-256 of the canonical JSON of { achieved, confirmed, due, future, lines }: what a proposal records', example: 'e3b0c442…' })
  linesSha256!: string;
}
