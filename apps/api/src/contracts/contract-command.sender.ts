import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { commandMetadata, type Principal } from '#auth';
import { ExecuteContractCommand } from '#contracts';
import type { ContractCommand } from '#domain';
import { type CommandResponse, toCommandResponse } from '../common/command-response.js';

export interface Caller {
  principal: Principal;
  correlationId: string;
  idempotencyKey?: string;
}

/** What every command endpoint does once it has its command: send it on the bus, answer with what was recorded. */
@Injectable()
export class ContractCommandSender {
  constructor(private readonly commandBus: CommandBus) {}

  async send(contractId: string, command: ContractCommand, caller: Caller): Promise<CommandResponse> {
    const result = await this.commandBus.execute(
      new ExecuteContractCommand(contractId, command, { ...commandMetadata(caller.principal, caller.correlationId) }, caller.idempotencyKey),
    );
    return toCommandResponse(contractId, result);
  }
}
