import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, ValidateBy } from 'class-validator';
import { isFraction, MAX_TERM_WEEKS, RATE_ESTIMATORS, type RateEstimator, TERMINATION_METHODS, type TerminationMethod } from '#domain';
import { CivilDateField, IntegerField, OneOfField } from '../../common/dto-fields.js';
import { ContractFiltersQuery } from '../../read-models/page.query.js';

/** A whole number of weeks from `min` to MAX_TERM_WEEKS, from the query string. */
function WeeksField(description: string, min: number): PropertyDecorator {
  return IntegerField(description, { min, max: MAX_TERM_WEEKS }, true);
}

/** `GET …/settlement/what-if`: the termination date to settle at, the terms to change (§7), and a page of the lines. */
export class WhatIfSettlementQueryDto extends ContractFiltersQuery {
  @CivilDateField('T: the effective date of the termination to settle at, inside the contract period', '2020-06-30') terminatedOn!: string;
  @OneOfField('Settle under the other method (tailPeriod takes horizonWeeks as its tail unless tailWeeks is given)', TERMINATION_METHODS, 'tailPeriod', true)
  method?: TerminationMethod;
  @WeeksField('expectedValue: the horizon of the estimated rates, in weeks', 1) horizonWeeks?: number;
  @ApiPropertyOptional({ description: 'expectedValue: the rate "p/q" used where the sample is too small', example: '1/3' })
  @IsOptional()
  @ValidateBy({
    name: 'isRate',
    validator: { validate: isFraction, defaultMessage: () => '$property must be a rate p/q with whole numbers 0 <= p <= q and q > 0' },
  })
  fallbackRate?: string;
  @OneOfField(
    'expectedValue: estimate the rates from the contract’s history this way instead of its own rates (estimated: achieved over counted units; kaplanMeier: the product-limit estimate)',
    RATE_ESTIMATORS,
    'kaplanMeier',
    true,
  )
  rates?: RateEstimator;
  @WeeksField('tailPeriod: the tail in weeks', 0) tailWeeks?: number;
}
