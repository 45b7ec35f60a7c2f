import 'reflect-metadata';
import type { Type } from '@nestjs/common';
import { Matches } from 'class-validator';
import type { Role } from '#auth';
import {
  CONTRACT_COMMAND_TYPES,
  CONTRACT_COMMANDS,
  type ContractCommand,
  type ContractCommandType,
  IMPORTABLE_COMMAND_TYPES,
  PSEUDONYM_PATTERN,
  pseudonymise,
} from '#domain';
import { rolesOfCommand, routeOfCommand } from '../command-endpoints.js';
import { IdField } from '../common/dto-fields.js';
import { ConfirmPaymentDto } from '../contracts/confirm-payment/confirm-payment.dto.js';
import { ConfirmRecoveryDto } from '../contracts/confirm-recovery/confirm-recovery.dto.js';
import { CorrectPlacementDto } from '../contracts/correct-placement/correct-placement.dto.js';
import { EndPlacementDto } from '../contracts/end-placement/end-placement.dto.js';
import { EnrolParticipantDto } from '../contracts/enrol-participant/enrol-participant.dto.js';
import { RecordBenefitWeekDto } from '../contracts/record-benefit-week/record-benefit-week.dto.js';
import { RecordPayrollEvidenceDto } from '../contracts/record-payroll-evidence/record-payroll-evidence.dto.js';
import { ReferParticipantDto } from '../contracts/refer-participant/refer-participant.dto.js';
import { RevokePayrollEvidenceDto } from '../contracts/revoke-payroll-evidence/revoke-payroll-evidence.dto.js';
import { StartPlacementDto } from '../contracts/start-placement/start-placement.dto.js';
import { WithdrawParticipantDto } from '../contracts/withdraw-participant/withdraw-participant.dto.js';

// What an import line's `data` holds: the HTTP endpoint's body (its DTO, with the same checks),
// plus what that endpoint takes from its path (participant, placement, evidence, payment).

function ParticipantIdField(): PropertyDecorator {
  return Matches(PSEUDONYM_PATTERN, { message: 'participantId must be the pseudonym given at referral (p_ followed by 32 hex digits)' });
}

function PaymentIdField(): PropertyDecorator {
  return Matches(/^[A-Za-z0-9._:-]{1,400}$/, {
    message: 'paymentId must be a payment identity (contract:participant:OUTCOME:occurrence:revision, contract:settlement:proposal or contract:adjustment:n)',
  });
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
class ConfirmRecoveryLine extends ConfirmRecoveryDto {
  @PaymentIdField() paymentId!: string;
}

export interface ImportContext {
  /** The key under which a referral's CPR number becomes the participant's pseudonym. */
  pseudonymKey: Buffer;
}

/** The commands the domain's catalogue marks importable. */
export type ImportableCommandType = {
  [K in ContractCommandType]: (typeof CONTRACT_COMMANDS)[K]['importable'] extends true ? K : never;
}[ContractCommandType];

interface ImportLine {
  /** Checks the line's `data` (class-validator, unknown fields refused). */
  dataClass: Type<object>;
  /** The command for checked data; a referral's CPR number is turned into the pseudonym here and dropped. */
  toCommand?: (data: Record<string, unknown>, context: ImportContext) => { command: ContractCommand; participantId?: string };
}

/**
 * The shape of each importable command's line (a new importable command makes the compiler ask
 * for its line here): the endpoint's body, plus what that endpoint takes from its path.
 */
const IMPORT_LINES: { readonly [K in ImportableCommandType]: ImportLine } = {
  ReferParticipant: {
    dataClass: ReferParticipantDto,
    toCommand: (data, context) => {
      const { cpr, ...rest } = data;
      const participantId = pseudonymise(cpr as string, context.pseudonymKey);
      return { command: { type: 'ReferParticipant', data: { participantId, ...rest } } as ContractCommand, participantId };
    },
  },
  EnrolParticipant: { dataClass: EnrolParticipantLine },
  WithdrawParticipant: { dataClass: WithdrawParticipantLine },
  StartPlacement: { dataClass: StartPlacementLine },
  EndPlacement: { dataClass: EndPlacementLine },
  CorrectPlacement: { dataClass: CorrectPlacementLine },
  RecordPayrollEvidence: { dataClass: RecordPayrollEvidenceLine },
  RevokePayrollEvidence: { dataClass: RevokePayrollEvidenceLine },
  RecordBenefitWeek: { dataClass: RecordBenefitWeekLine },
  ConfirmPayment: { dataClass: ConfirmPaymentLine },
  ConfirmRecovery: { dataClass: ConfirmRecoveryLine },
};

export interface ImportableCommand {
  type: ContractCommandType;
  dataClass: Type<object>;
  /** Who may send it: the roles of the endpoint that records the same fact. */
  roles: readonly Role[];
  toCommand(data: Record<string, unknown>, context: ImportContext): { command: ContractCommand; participantId?: string };
}

/**
 * What a bulk import accepts, built from the catalogue: command type → the shape of its data and
 * the roles of its endpoint. Same types, same data and same roles as the single endpoints.
 */
export const IMPORTABLE_COMMANDS: ReadonlyMap<string, ImportableCommand> = new Map(
  IMPORTABLE_COMMAND_TYPES.map((type) => {
    const line = IMPORT_LINES[type as ImportableCommandType];
    return [
      type,
      {
        type,
        dataClass: line.dataClass,
        roles: rolesOfCommand(type),
        toCommand: line.toCommand ?? ((data) => ({ command: { type, data } as ContractCommand })),
      },
    ];
  }),
);

/** The commands that are sent one at a time through their own endpoint, never in bulk: type → that endpoint. */
export const CONTRACT_LEVEL_COMMANDS: ReadonlyMap<string, string> = new Map(
  CONTRACT_COMMAND_TYPES.filter((type) => !CONTRACT_COMMANDS[type].importable).map((type) => [type, routeOfCommand(type)]),
);

/** The roles that may import at all: those of at least one importable command. */
export const IMPORT_ROLES: readonly Role[] = [...new Set([...IMPORTABLE_COMMANDS.values()].flatMap((entry) => entry.roles))];
