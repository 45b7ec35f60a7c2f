import 'reflect-metadata';
import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { type Role, ROLES_KEY } from '#auth';
import type { ContractCommandType } from '#domain';
import { AcceptTerminationController } from './contracts/accept-termination/accept-termination.controller.js';
import { ActivateContractController } from './contracts/activate-contract/activate-contract.controller.js';
import { AmendContractController } from './contracts/amend-contract/amend-contract.controller.js';
import { ConfirmPaymentController } from './contracts/confirm-payment/confirm-payment.controller.js';
import { ConfirmRecoveryController } from './contracts/confirm-recovery/confirm-recovery.controller.js';
import { CorrectPlacementController } from './contracts/correct-placement/correct-placement.controller.js';
import { EndPlacementController } from './contracts/end-placement/end-placement.controller.js';
import { EnrolParticipantController } from './contracts/enrol-participant/enrol-participant.controller.js';
import { ProposeTerminationController } from './contracts/propose-termination/propose-termination.controller.js';
import { RecordBenefitWeekController } from './contracts/record-benefit-week/record-benefit-week.controller.js';
import { RecordPayrollEvidenceController } from './contracts/record-payroll-evidence/record-payroll-evidence.controller.js';
import { ReferParticipantController } from './contracts/refer-participant/refer-participant.controller.js';
import { RegisterContractController } from './contracts/register-contract/register-contract.controller.js';
import { RevokePayrollEvidenceController } from './contracts/revoke-payroll-evidence/revoke-payroll-evidence.controller.js';
import { StartPlacementController } from './contracts/start-placement/start-placement.controller.js';
import { TerminateContractController } from './contracts/terminate-contract/terminate-contract.controller.js';
import { WithdrawParticipantController } from './contracts/withdraw-participant/withdraw-participant.controller.js';
import { WithdrawTerminationProposalController } from './contracts/withdraw-termination-proposal/withdraw-termination-proposal.controller.js';
import { ExportEvidencePackageController } from './evidence/export-evidence-package/export-evidence-package.controller.js';
import { AgreeSettlementController } from './settlement/agree-settlement/agree-settlement.controller.js';
import { ProposeSettlementController } from './settlement/propose-settlement/propose-settlement.controller.js';
import { WithdrawSettlementProposalController } from './settlement/withdraw-settlement-proposal/withdraw-settlement-proposal.controller.js';

/** The route that sends a command: its controller and handler (roles and path are read from their decorators). */
export interface CommandEndpoint {
  controller: Type<unknown>;
  handler: string;
}

function at<T>(controller: Type<T>, handler: keyof T & string): CommandEndpoint {
  return { controller, handler };
}

/**
 * Which endpoint sends each command of the domain's catalogue (a new command type makes the
 * compiler ask for its line here). The import takes its role rules from these, and names the
 * endpoint of a command it does not take.
 */
export const COMMAND_ENDPOINTS: { readonly [K in ContractCommandType]: CommandEndpoint } = {
  RegisterContract: at(RegisterContractController, 'register'),
  ActivateContract: at(ActivateContractController, 'record'),
  AmendContract: at(AmendContractController, 'amend'),
  TerminateContract: at(TerminateContractController, 'record'),
  ProposeTermination: at(ProposeTerminationController, 'propose'),
  AcceptTermination: at(AcceptTerminationController, 'accept'),
  WithdrawTerminationProposal: at(WithdrawTerminationProposalController, 'withdraw'),
  ReferParticipant: at(ReferParticipantController, 'refer'),
  EnrolParticipant: at(EnrolParticipantController, 'record'),
  WithdrawParticipant: at(WithdrawParticipantController, 'record'),
  StartPlacement: at(StartPlacementController, 'record'),
  EndPlacement: at(EndPlacementController, 'record'),
  CorrectPlacement: at(CorrectPlacementController, 'record'),
  RecordPayrollEvidence: at(RecordPayrollEvidenceController, 'record'),
  RevokePayrollEvidence: at(RevokePayrollEvidenceController, 'record'),
  RecordBenefitWeek: at(RecordBenefitWeekController, 'record'),
  ConfirmPayment: at(ConfirmPaymentController, 'record'),
  ConfirmRecovery: at(ConfirmRecoveryController, 'record'),
  ProposeSettlement: at(ProposeSettlementController, 'propose'),
  AgreeSettlement: at(AgreeSettlementController, 'agree'),
  WithdrawSettlementProposal: at(WithdrawSettlementProposalController, 'withdraw'),
  // Recorded when a package is handed out, by the route that hands it out.
  RecordEvidenceExport: at(ExportEvidencePackageController, 'export'),
};

function handlerOf(endpoint: CommandEndpoint): object {
  return (endpoint.controller.prototype as Record<string, object>)[endpoint.handler];
}

/** The roles the endpoint admits (its @Roles). */
export function rolesOfCommand(type: ContractCommandType): readonly Role[] {
  const endpoint = COMMAND_ENDPOINTS[type];
  const roles = Reflect.getMetadata(ROLES_KEY, handlerOf(endpoint)) as readonly Role[] | undefined;
  if (!roles) throw new Error(`${endpoint.controller.name}.${endpoint.handler} declares no @Roles`);
  return roles;
}

/** `POST /contracts/:contractId/activation`: the method and path of the endpoint. */
export function routeOfCommand(type: ContractCommandType): string {
  const handler = handlerOf(COMMAND_ENDPOINTS[type]);
  const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
  const path = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
  return `${method} /${path.replace(/^\//, '')}`;
}
