import { Module } from '@nestjs/common';
import { ContractsModule } from '#contracts';
import { commandControllersIn } from '../command-endpoints.js';
import { ContractCommandSender } from './contract-command.sender.js';

/** One controller per command (use case), from the command endpoints' list; each sends its command through the CommandBus. */
@Module({
  imports: [ContractsModule],
  providers: [ContractCommandSender],
  controllers: commandControllersIn('contracts'),
})
export class ContractsHttpModule {}
