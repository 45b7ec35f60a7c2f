import 'reflect-metadata';
import type { Type } from '@nestjs/common';
import { Matches } from 'class-validator';
import { type Role, ROLES_KEY } from '../../../../libs/auth/src/index.js';
import { type ContractCommand, type ContractCommandType, PSEUDONYM_PATTERN, pseudonymise } from '../../../../libs/domain/src/index.js';
import { IdField } from '../common/dto-fields.js';
import { ConfirmPaymentController } from '../contracts/confirm-payment/confirm-payment.controller.js';
import { ConfirmPaymentDto } from '../contracts/confirm-payment/confirm-payment.dto.js';
import { CorrectPlacementController } from '../contracts/correct-placement/correct-placement.controller.js';
import { CorrectPlacementDto } from '../contracts/correct-placement/correct-placement.dto.js';
import { EndPlacementController } from '../contracts/end-placement/end-placement.controller.js';
import { EndPlacementDto } from '../contracts/end-placement/end-placement.dto.js';
import { EnrolParticipantController } from '../contracts/enrol-participant/enrol-participant.controller.js';
import { EnrolParticipantDto } from '../contracts/enrol-participant/enrol-participant.dto.js';
import { RecordBenefitWeekController } from '../contracts/record-benefit-week/record-benefit-week.controller.js';
import { RecordBenefitWeekDto } from '../contracts/record-benefit-week/record-benefit-week.dto.js';
import { RecordPayrollEvidenceController } from '../contracts/record-payroll-evidence/record-payroll-evidence.controller.js';
import { RecordPayrollEvidenceDto } from '../contracts/record-payroll-evidence/record-payroll-evidence.dto.js';
import { ReferParticipantController } from '../contracts/refer-participant/refer-participant.controller.js';
import { ReferParticipantDto } from '../contracts/refer-participant/refer-participant.dto.js';
import { RevokePayrollEvidenceController } from '../contracts/revoke-payroll-evidence/revoke-payroll-evidence.controller.js';
import { RevokePayrollEvidenceDto } from '../contracts/revoke-payroll-evidence/revoke-payroll-evidence.dto.js';
import { StartPlacementController } from '../contracts/start-placement/start-placement.controller.js';
import { StartPlacementDto } from '../contracts/start-placement/start-placement.dto.js';
import { WithdrawParticipantController } from '../contracts/withdraw-participant/withdraw-participant.controller.js';
import { WithdrawParticipantDto } from '../contracts/withdraw-participant/withdraw-participant.dto.js';

// What an import line's `data` holds: the HTTP endpoint's body (its DTO, with the same checks),
// plus what that endpoint takes from its path (participant, placement, evidence, payment).

function ParticipantIdField(): PropertyDecorator {
  return Matches(PSEUDONYM_PATTERN, { message: 'participantId must be the pseudonym given at referral (p_ followed by 32 hex digits)' });
}

function PaymentIdField(): PropertyDecorator {
  return Matches(/^[A-Za-z0-9._:-]{1,400}$/, { message: 'paymentId must be a payment identity (contract:participant:OUTCOME:occurrence:revision, or contract:settlement:proposal)' });
}

class EnrolParticipantLine extends EnrolParticipantDto {
  @ParticipantIdField() participantId!: string;
}
class WithdrawParticipantLine extends WithdrawParticipantDto {
  @ParticipantIdField() participantId!: string;
}
class StartPlacementLine extends StartPlacementDto {
  @ParticipantIdField() participantId!: string;
}
class EndPlacementLine extends EndPlacementDto {
  @ParticipantIdField() participantId!: string;
  @IdField('The placement', 'A') placementId!: string;
}
class CorrectPlacementLine extends CorrectPlacementDto {
  @ParticipantIdField() participantId!: string;
  @IdField('The placement', 'A') placementId!: string;
}
class RecordPayrollEvidenceLine extends RecordPayrollEvidenceDto {
  @ParticipantIdField() participantId!: string;
}
class RevokePayrollEvidenceLine extends RevokePayrollEvidenceDto {
  @ParticipantIdField() participantId!: string;
  @IdField('The evidence', 'ev-A') evidenceId!: string;
}
class RecordBenefitWeekLine extends RecordBenefitWeekDto {
  @ParticipantIdField() participantId!: string;
}
class ConfirmPaymentLine extends ConfirmPaymentDto {
  @PaymentIdField() paymentId!: string;
}

export interface ImportContext {
  /** The key under which a referral's CPR number becomes the participant's pseudonym. */
  pseudonymKey: Buffer;
}

export interface ImportableCommand {
  type: ContractCommandType;
  /** Checks the line's `data` (class-validator, unknown fields refused). */
  dataClass: Type<object>;
  /** Who may send it: the @Roles of the endpoint that records the same fact, read from its handler. */
  roles: readonly Role[];
  /** The command for checked data; a referral's CPR number is turned into the pseudonym here and dropped. */
  toCommand(data: Record<string, unknown>, context: ImportContext): { command: ContractCommand; participantId?: string };
}

function rolesOf<T>(controller: Type<T>, handler: keyof T & string): readonly Role[] {
  const roles = Reflect.getMetadata(ROLES_KEY, (controller.prototype as Record<string, unknown>)[handler] as object) as readonly Role[] | undefined;
  if (!roles) throw new Error(`${controller.name}.${handler} declares no @Roles: it cannot be importable`);
  return roles;
}

function importable<T>(
  type: ContractCommandType,
  dataClass: Type<object>,
  controller: Type<T>,
  handler: keyof T & string,
  toCommand?: ImportableCommand['toCommand'],
): ImportableCommand {
  return {
    type,
    dataClass,
    roles: rolesOf(controller, handler),
    toCommand: toCommand ?? ((data) => ({ command: { type, data } as ContractCommand })),
  };
}

/**
 * The one table of what a bulk import accepts: command type → the shape of its data and the
 * endpoint whose role rules apply. Same types, same data and same roles as the single endpoints.
 */
export const IMPORTABLE_COMMANDS: ReadonlyMap<string, ImportableCommand> = new Map(
  [
    importable('ReferParticipant', ReferParticipantDto, ReferParticipantController, 'refer', (data, context) => {
      const { cpr, ...rest } = data;
      const participantId = pseudonymise(cpr as string, context.pseudonymKey);
      return { command: { type: 'ReferParticipant', data: { participantId, ...rest } } as ContractCommand, participantId };
    }),
    importable('EnrolParticipant', EnrolParticipantLine, EnrolParticipantController, 'record'),
    importable('WithdrawParticipant', WithdrawParticipantLine, WithdrawParticipantController, 'record'),
    importable('StartPlacement', StartPlacementLine, StartPlacementController, 'record'),
    importable('EndPlacement', EndPlacementLine, EndPlacementController, 'record'),
    importable('CorrectPlacement', CorrectPlacementLine, CorrectPlacementController, 'record'),
    importable('RecordPayrollEvidence', RecordPayrollEvidenceLine, RecordPayrollEvidenceController, 'record'),
    importable('RevokePayrollEvidence', RevokePayrollEvidenceLine, RevokePayrollEvidenceController, 'record'),
    importable('RecordBenefitWeek', RecordBenefitWeekLine, RecordBenefitWeekController, 'record'),
    importable('ConfirmPayment', ConfirmPaymentLine, ConfirmPaymentController, 'record'),
  ].map((entry) => [entry.type, entry]),
);

/** Contract-level commands: recorded one at a time through their own endpoints, never in bulk. */
export const CONTRACT_LEVEL_COMMANDS: ReadonlyMap<string, string> = new Map([
  ['RegisterContract', 'POST /contracts'],
  ['ActivateContract', 'POST /contracts/:contractId/activation'],
  ['AmendContract', 'POST /contracts/:contractId/amendments'],
  ['TerminateContract', 'POST /contracts/:contractId/termination'],
]);

/** The roles that may import at all: those of at least one importable command. */
export const IMPORT_ROLES: readonly Role[] = [...new Set([...IMPORTABLE_COMMANDS.values()].flatMap((entry) => entry.roles))];
