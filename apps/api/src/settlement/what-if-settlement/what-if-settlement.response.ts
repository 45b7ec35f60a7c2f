import { ApiProperty } from '@nestjs/swagger';
import type { WhatIfSettlementView } from '#contracts';
import type { TerminationTerms } from '#domain';
import { SettlementFiguresResponse } from '../settlement.responses.js';

export class WhatIfSettlementResponse extends SettlementFiguresResponse implements WhatIfSettlementView {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The termination terms it settles under: the contract’s, with the overrides asked for',
  })
  terms!: TerminationTerms;
}
