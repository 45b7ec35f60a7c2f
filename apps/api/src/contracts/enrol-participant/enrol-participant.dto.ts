import { CivilDateField } from '../../common/dto-fields.js';

export class EnrolParticipantDto {
  @CivilDateField('Enrolment date (the enrolment interval starts here, inclusive)', '2019-01-07') enrolledOn!: string;
}
