import { CivilDateField, TextField } from '../../common/dto-fields.js';

export class EndPlacementDto {
  @CivilDateField('Last day of the placement (inclusive)', '2019-03-10') endDate!: string;
  @TextField('Why it ended', 'contract ended') reason!: string;
}
