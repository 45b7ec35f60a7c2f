import { CivilDateField, CprNumberField, OneOfField, TextField } from '../../common/dto-fields.js';

export class ReferParticipantDto {
  @CprNumberField('The citizen’s CPR number, DDMMYY-SSSS (not stored: only its keyed pseudonym is)', '070190-1234') cpr!: string;
  @CivilDateField('Date of the referral', '2019-01-02') referredOn!: string;
  @OneOfField('Outcome of the intake (visitation)', ['accepted', 'rejected'], 'accepted') intakeOutcome!: 'accepted' | 'rejected';
  @TextField('Which intake variant was used (for dropout by intake variant)', 'thorough', true) intakeVariant?: string;
}
