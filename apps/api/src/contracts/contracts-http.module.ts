import { Module } from '@nestjs/common';
import { ContractsModule } from '#contracts';
import { AcceptTerminationController } from './accept-termination/accept-termination.controller.js';
import { ActivateContractController } from './activate-contract/activate-contract.controller.js';
import { AmendContractController } from './amend-contract/amend-contract.controller.js';
import { ConfirmPaymentController } from './confirm-payment/confirm-payment.controller.js';
import { ConfirmRecoveryController } from './confirm-recovery/confirm-recovery.controller.js';
import { ContractCommandSender } from './contract-command.sender.js';
import { CorrectPlacementController } from './correct-placement/correct-placement.controller.js';
import { EndPlacementController } from './end-placement/end-placement.controller.js';
import { EnrolParticipantController } from './enrol-participant/enrol-participant.controller.js';
import { ProposeTerminationController } from './propose-termination/propose-termination.controller.js';
import { RecordBenefitWeekController } from './record-benefit-week/record-benefit-week.controller.js';
import { RecordPayrollEvidenceController } from './record-payroll-evidence/record-payroll-evidence.controller.js';
import { ReferParticipantController } from './refer-participant/refer-participant.controller.js';
import { RegisterContractController } from './register-contract/register-contract.controller.js';
import { RevokePayrollEvidenceController } from './revoke-payroll-evidence/revoke-payroll-evidence.controller.js';
import { StartPlacementController } from './start-placement/start-placement.controller.js';
import { TerminateContractController } from './terminate-contract/terminate-contract.controller.js';
import { WithdrawParticipantController } from './withdraw-participant/withdraw-participant.controller.js';
import { WithdrawTerminationProposalController } from './withdraw-termination-proposal/withdraw-termination-proposal.controller.js';

/** One controller per command (use case); each sends its command through the CommandBus. */
@Module({
  imports: [ContractsModule],
  providers: [ContractCommandSender],
  controllers: [
    RegisterContractController,
    ActivateContractController,
    AmendContractController,
    TerminateContractController,
    ProposeTerminationController,
    AcceptTerminationController,
    WithdrawTerminationProposalController,
    ReferParticipantController,
    EnrolParticipantController,
    WithdrawParticipantController,
    StartPlacementController,
    EndPlacementController,
    CorrectPlacementController,
    RecordPayrollEvidenceController,
    RevokePayrollEvidenceController,
    RecordBenefitWeekController,
    ConfirmPaymentController,
    ConfirmRecoveryController,
  ],
})
export class ContractsHttpModule {}
