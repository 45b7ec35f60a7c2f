import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { CommandResponse } from '../../common/command-response.js';
import { ErrorResponse } from '../../read-models/read-model.responses.js';
import { speakerOf } from '../../settlement/settlement-party.js';
import { CurrentCaller } from '../caller.decorator.js';
import { type Caller, ContractCommandSender } from '../contract-command.sender.js';
import type { TerminationMethod, TerminationTerms } from '#domain';
import { CivilDateField, DomainObjectField, TextField } from '../../common/dto-fields.js';

export class ProposeTerminationDto {
  @CivilDateField('Effective date T of the termination', '2020-12-31') effectiveOn!: string;
  @TextField('Why the contract ends early', 'Programme continues as a municipal service') reason!: string;
  @DomainObjectField('The settlement terms: a method by name (the contract’s own terms) or full terms (§4, §7)') method!: TerminationMethod | TerminationTerms;
}

@ApiTags('facts')
@ApiBearerAuth()
@Controller()
export class ProposeTerminationController {
  constructor(private readonly sender: ContractCommandSender) {}

  @Post('contracts/:contractId/termination/proposals')
  @HttpCode(201)
  @Roles('commissioner', 'investor')
  @ApiOperation({
    summary: 'Propose an early termination on the terms given, for the other party to accept (§7)',
    description:
      'With a token of the contract’s commissioner or investor party. Records TerminationProposed; the contract is terminated only ' +
      'when the other party accepts it (…/termination/proposals/{proposalId}/agreement). Proposing the same again records nothing.',
  })
  @ApiCreatedResponse({ type: CommandResponse })
  @ApiForbiddenResponse({ type: ErrorResponse, description: '`party-required` (a token that speaks for no party), `wrong-party`' })
  @ApiConflictResponse({
    type: ErrorResponse,
    description: '`contract-terminated`, `termination-terms-required` (a method by name the contract has no terms for)',
  })
  propose(@Param('contractId') contractId: string, @Body() body: ProposeTerminationDto, @CurrentCaller() caller: Caller): Promise<CommandResponse> {
    return this.sender.send(contractId, { type: 'ProposeTermination', data: { ...body, ...speakerOf(caller) } }, caller);
  }
}
