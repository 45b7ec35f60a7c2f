import { CivilDateField, TextField } from '../../common/dto-fields.js';

export class ConfirmPaymentDto {
  @TextField('The payment system’s reference', 'PAY-2019-000123') reference!: string;
  @CivilDateField('Day the payment was made', '2019-03-01') confirmedOn!: string;
}
