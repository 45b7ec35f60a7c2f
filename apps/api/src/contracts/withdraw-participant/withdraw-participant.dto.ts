import { CivilDateField, TextField } from '../../common/dto-fields.js';

export class WithdrawParticipantDto {
  @CivilDateField('Withdrawal date (the enrolment interval ends here, exclusive)', '2019-12-01') withdrawnOn!: string;
  @TextField('Why the participant left', 'moved away') reason!: string;
}
