import { ApiProperty } from '@nestjs/swagger';
import type { SettlementComparisonView, SettlementVariant, SettlementVariantView } from '#contracts';
import type { TerminationTerms } from '#domain';
import { AsRecordedResponse } from '../../read-models/read-model.responses.js';
import { SettlementRateResponse } from '../settlement.responses.js';

const VARIANTS: SettlementVariant[] = ['tailPeriod', 'estimated', 'kaplanMeier', 'agreed'];

export class SettlementVariantResponse implements SettlementVariantView {
  @ApiProperty({ enum: VARIANTS, description: 'tailPeriod, or expectedValue with rates estimated, kaplanMeier or the contract’s agreed table' })
  variant!: SettlementVariant;
  @ApiProperty({ description: 'Whether these are the contract’s own termination terms (the first variant)' }) contractTerms!: boolean;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The termination terms it settles under' }) terms!: TerminationTerms;
  @ApiProperty({ enum: ['expectedValue', 'tailPeriod'] }) method!: SettlementVariantView['method'];
  @ApiProperty({ enum: ['provisional', 'final'] }) status!: SettlementVariantView['status'];
  @ApiProperty({ format: 'date', description: 'The last day facts would be accepted', example: '2020-09-01' }) finalOn!: string;
  @ApiProperty({ description: 'Minor units', example: 16000000 }) achieved!: number;
  @ApiProperty({ description: 'Minor units', example: 2000000 }) confirmed!: number;
  @ApiProperty({ description: 'The sum of the lines (minor units)', example: 5000000 }) future!: number;
  @ApiProperty({ description: 'achieved − confirmed + future (minor units)', example: 19000000 }) due!: number;
  @ApiProperty({ type: [SettlementRateResponse], description: 'expectedValue: every outcome at every stage; tailPeriod: none' })
  rates!: SettlementRateResponse[];
  @ApiProperty({ description: 'How many lines the settlement has (the what-if with these terms lists them)', example: 12 }) lineCount!: number;
}

export class SettlementComparisonResponse extends AsRecordedResponse implements SettlementComparisonView {
  @ApiProperty({ format: 'date', description: 'T, the effective date of the termination settled at', example: '2020-06-30' }) terminatedOn!: string;
  @ApiProperty({ example: 'DKK' }) currency!: string;
  @ApiProperty({ description: 'The log version every variant was computed from', example: 118 }) computedAtVersion!: number;
  @ApiProperty({
    type: [SettlementVariantResponse],
    description:
      'The contract’s own terms first, then each of tailPeriod, expectedValue with estimated and with kaplanMeier rates that they are not (a tailPeriod contract: its own terms only)',
  })
  variants!: SettlementVariantResponse[];
}
