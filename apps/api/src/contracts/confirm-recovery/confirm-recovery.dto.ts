import { CivilDateField, TextField } from '../../common/dto-fields.js';

export class ConfirmRecoveryDto {
  @TextField('The payment system’s reference of the money that came back', 'REC-2020-000042') reference!: string;
  @CivilDateField('Day the money came back', '2020-10-01') recoveredOn!: string;
}
