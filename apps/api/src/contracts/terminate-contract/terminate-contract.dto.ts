import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, ValidateNested } from 'class-validator';
import type { TerminationMethod, TerminationTerms } from '#domain';
import { CivilDateField, DomainObjectField, TextField } from '../../common/dto-fields.js';

/** Both parties agreed terms other than the contract's: the commissioner names the investor and the written agreement. */
export class TerminationAgreementDto {
  @TextField('The contract’s investor party id (definition.parties.investor)', 'den-sociale-kapitalfond') investor!: string;
  @TextField('Where the agreement is written down, e.g. the signed addendum', 'Addendum 3, signed 2020-11-30') reference!: string;
}

export class TerminateContractDto {
  @CivilDateField('Effective date T of the termination', '2020-12-31') effectiveOn!: string;
  @TextField('Why the contract ends early', 'Programme continues as a municipal service') reason!: string;
  @DomainObjectField('Settlement method name or full terms, when both parties agree to override the contract’s (§7)', true) method?: TerminationMethod | TerminationTerms;
  @ApiPropertyOptional({ type: TerminationAgreementDto, description: 'Required when `method` gives terms other than the contract’s: the investor’s agreement, recorded with the fact' })
  @IsOptional()
  @ValidateNested()
  @Type(() => TerminationAgreementDto)
  agreement?: TerminationAgreementDto;
}
