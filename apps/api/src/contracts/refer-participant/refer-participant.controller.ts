import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { PseudonymKey } from '#contracts';
import { pseudonymise } from '#domain';
import { CommandResponse } from '../../common/command-response.js';
import { CurrentCaller } from '../caller.decorator.js';
import { type Caller, ContractCommandSender } from '../contract-command.sender.js';
import { CivilDateField, CprNumberField, OneOfField, TextField } from '../../common/dto-fields.js';

export class ReferParticipantDto {
  @CprNumberField('The citizen’s CPR number, DDMMYY-SSSS (not stored: only its keyed pseudonym is)', '070190-1234') cpr!: string;
  @CivilDateField('Date of the referral', '2019-01-02') referredOn!: string;
  @OneOfField('Outcome of the intake (visitation)', ['accepted', 'rejected'], 'accepted') intakeOutcome!: 'accepted' | 'rejected';
  @TextField('Which intake variant was used (for dropout by intake variant)', 'thorough', true) intakeVariant?: string;
}

export class ReferralResponse extends CommandResponse {
  @ApiProperty({ description: 'The participant’s pseudonym: use it in every later request', example: 'p_3f9a0c1e5b7d2a4c6e8f0a1b2c3d4e5f' })
  participantId!: string;
}

@ApiTags('facts')
@ApiBearerAuth()
@Controller()
export class ReferParticipantController {
  constructor(
    private readonly sender: ContractCommandSender,
    private readonly pseudonymKey: PseudonymKey,
  ) {}

  @Post('contracts/:contractId/referrals')
  @HttpCode(201)
  @Roles('commissioner')
  @ApiOperation({ summary: 'Refer a citizen (the CPR number becomes a keyed pseudonym and is not kept)' })
  @ApiCreatedResponse({ type: ReferralResponse })
  async refer(@Param('contractId') contractId: string, @Body() body: ReferParticipantDto, @CurrentCaller() caller: Caller): Promise<ReferralResponse> {
    const { cpr, ...rest } = body;
    const participantId = pseudonymise(cpr, this.pseudonymKey.key);
    const response = await this.sender.send(contractId, { type: 'ReferParticipant', data: { participantId, ...rest } }, caller);
    return { ...response, participantId };
  }
}
