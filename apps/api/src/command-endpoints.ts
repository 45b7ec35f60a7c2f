import 'reflect-metadata';
import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { type Role, ROLES_KEY } from '#auth';
import type { ContractCommandType } from '#domain';
import { wholeArgumentClassOf } from './common/route-arguments.js';
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

/** The HTTP module a command's controller belongs to (each takes its command controllers from the list below). */
export type CommandArea = 'contracts' | 'settlement' | 'evidence';

/** The route that sends a command: its module, controller and handler (roles and path are read from their decorators). */
export interface CommandEndpoint {
  area: CommandArea;
  controller: Type<unknown>;
  handler: string;
}

function at<T>(area: CommandArea, controller: Type<T>, handler: keyof T & string): CommandEndpoint {
  return { area, controller, handler };
}

/**
 * Which endpoint sends each command of the domain's catalogue (a new command type makes the
 * compiler ask for its line here). The HTTP modules register their command controllers from
 * these, the import takes its lines' shapes and role rules from them, and names the endpoint of a
 * command it does not take.
 */
export const COMMAND_ENDPOINTS: { readonly [K in ContractCommandType]: CommandEndpoint } = {
  RegisterContract: at('contracts', RegisterContractController, 'register'),
  ActivateContract: at('contracts', ActivateContractController, 'record'),
  AmendContract: at('contracts', AmendContractController, 'amend'),
  TerminateContract: at('contracts', TerminateContractController, 'record'),
  ProposeTermination: at('contracts', ProposeTerminationController, 'propose'),
  AcceptTermination: at('contracts', AcceptTerminationController, 'accept'),
  WithdrawTerminationProposal: at('contracts', WithdrawTerminationProposalController, 'withdraw'),
  ReferParticipant: at('contracts', ReferParticipantController, 'refer'),
  EnrolParticipant: at('contracts', EnrolParticipantController, 'record'),
  WithdrawParticipant: at('contracts', WithdrawParticipantController, 'record'),
  StartPlacement: at('contracts', StartPlacementController, 'record'),
  EndPlacement: at('contracts', EndPlacementController, 'record'),
  CorrectPlacement: at('contracts', CorrectPlacementController, 'record'),
  RecordPayrollEvidence: at('contracts', RecordPayrollEvidenceController, 'record'),
  RevokePayrollEvidence: at('contracts', RevokePayrollEvidenceController, 'record'),
  RecordBenefitWeek: at('contracts', RecordBenefitWeekController, 'record'),
  ConfirmPayment: at('contracts', ConfirmPaymentController, 'record'),
  ConfirmRecovery: at('contracts', ConfirmRecoveryController, 'record'),
  ProposeSettlement: at('settlement', ProposeSettlementController, 'propose'),
  AgreeSettlement: at('settlement', AgreeSettlementController, 'agree'),
  WithdrawSettlementProposal: at('settlement', WithdrawSettlementProposalController, 'withdraw'),
  // Recorded when a package is handed out, by the route that hands it out.
  RecordEvidenceExport: at('evidence', ExportEvidencePackageController, 'export'),
};

/** The controllers of an area's commands, in catalogue order (one controller may send several commands). */
export function commandControllersIn(area: CommandArea): Array<Type<unknown>> {
  return [
    ...new Set(
      Object.values(COMMAND_ENDPOINTS)
        .filter((endpoint) => endpoint.area === area)
        .map((endpoint) => endpoint.controller),
    ),
  ];
}

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

/** The parameters the endpoint takes from its path, in the path's order: `['contractId', 'participantId']`. */
export function pathParametersOfCommand(type: ContractCommandType): string[] {
  return [...routeOfCommand(type).matchAll(/:(\w+)/g)].map((match) => match[1]);
}

/** The class of the endpoint's `@Body()` (its DTO), or undefined when it takes none. */
export function bodyOfCommand(type: ContractCommandType): Type<object> | undefined {
  const { controller, handler } = COMMAND_ENDPOINTS[type];
  return wholeArgumentClassOf(controller, handler, RouteParamtypes.BODY) as Type<object> | undefined;
}
