import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { CivilDateField, OneOfField, TextField } from '../../common/dto-fields.js';

export class ReferParticipantDto {
  // The only place a CPR number is accepted. It is turned into the keyed pseudonym at once and
  // never stored, logged or echoed; messages about it never contain it.
  @ApiProperty({ description: 'The citizen’s CPR number, DDMMYY-SSSS (not stored: only its keyed pseudonym is)', example: '070190-1234' })
  @Matches(/^\d{6}-?\d{4}$/, { message: 'cpr must be 10 digits as DDMMYY-SSSS' })
  cpr!: string;

  @CivilDateField('Date of the referral', '2019-01-02') referredOn!: string;
  @OneOfField('Outcome of the intake (visitation)', ['accepted', 'rejected'], 'accepted') intakeOutcome!: 'accepted' | 'rejected';
  @TextField('Which intake variant was used (for dropout by intake variant)', 'thorough', true) intakeVariant?: string;
}
