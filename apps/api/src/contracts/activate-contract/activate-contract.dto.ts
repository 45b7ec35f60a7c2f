import { CivilDateField } from '../../common/dto-fields.js';

export class ActivateContractDto {
  @CivilDateField('First day the contract is in force', '2018-09-01') activatedOn!: string;
}
