import { DomainObjectField, TextField } from '../../common/dto-fields.js';

export class AmendContractDto {
  @DomainObjectField('The full new definition; occurrences already verified keep the terms they were verified under') definition!: Record<string, unknown>;
  @TextField('Why the contract changes', 'prices indexed for 2020') reason!: string;
}
