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
  MAX_PAYMENT_ID_LENGTH,
  PSEUDONYM_PATTERN,
  pseudonymise,
} from '#domain';
import { bodyOfCommand, pathParametersOfCommand, rolesOfCommand, routeOfCommand } from '../command-endpoints.js';
import { IdField } from '../common/dto-fields.js';

// What an import line's `data` holds: the HTTP endpoint's body (its DTO, with the same checks),
// plus what that endpoint takes from its path (participant, placement, evidence, payment), each
// checked as below. The contract is the import's own.

function ParticipantIdField(): PropertyDecorator {
  return Matches(PSEUDONYM_PATTERN, { message: 'participantId must be the pseudonym given at referral (p_ followed by 32 hex digits)' });
}

function PaymentIdField(): PropertyDecorator {
  // As long as a payment identity can be: the same bound the router puts on a path's paymentId.
  return Matches(new RegExp(`^[A-Za-z0-9._:-]{1,${MAX_PAYMENT_ID_LENGTH}}$`), {
    message: 'paymentId must be a payment identity (contract:participant:OUTCOME:occurrence:revision, contract:settlement:proposal or contract:adjustment:n)',
  });
}

/** How an import line gives each parameter an endpoint takes from its path. */
const PATH_PARAMETER_FIELDS: Readonly<Record<string, () => PropertyDecorator>> = {
  participantId: ParticipantIdField,
  placementId: () => IdField('The placement', 'A'),
  evidenceId: () => IdField('The evidence', 'ev-A'),
  paymentId: PaymentIdField,
};

/** The class that checks an import line's data: the endpoint's DTO, with a field for each of its path's parameters. */
function lineClassOf(type: ContractCommandType): Type<object> {
  const body = bodyOfCommand(type) ?? class {};
  const Line = { [`${type}Line`]: class extends body {} }[`${type}Line`];
  for (const parameter of pathParametersOfCommand(type).filter((name) => name !== 'contractId')) {
    const field = PATH_PARAMETER_FIELDS[parameter];
    if (field === undefined)
      throw new Error(`${routeOfCommand(type)} takes :${parameter} from its path: say in PATH_PARAMETER_FIELDS how an import line gives it`);
    field()(Line.prototype, parameter);
  }
  return Line;
}

export interface ImportContext {
  /** The key under which a referral's CPR number becomes the participant's pseudonym. */
  pseudonymKey: Buffer;
}

/** The commands the domain's catalogue marks importable. */
export type ImportableCommandType = {
  [K in ContractCommandType]: (typeof CONTRACT_COMMANDS)[K]['importable'] extends true ? K : never;
}[ContractCommandType];

type ToCommand = (data: Record<string, unknown>, context: ImportContext) => { command: ContractCommand; participantId?: string };

/** The commands whose line is not their data as it stands (a new importable command is its data, unless said here). */
const LINE_TO_COMMAND: Readonly<Partial<Record<ImportableCommandType, ToCommand>>> = {
  // A referral's CPR number is turned into the participant's pseudonym here, and dropped.
  ReferParticipant: (data, context) => {
    const { cpr, ...rest } = data;
    const participantId = pseudonymise(cpr as string, context.pseudonymKey);
    return { command: { type: 'ReferParticipant', data: { participantId, ...rest } } as ContractCommand, participantId };
  },
};

export interface ImportableCommand {
  type: ContractCommandType;
  dataClass: Type<object>;
  /** Who may send it: the roles of the endpoint that records the same fact. */
  roles: readonly Role[];
  toCommand: ToCommand;
}

/**
 * What a bulk import accepts, built from the catalogue: command type → the shape of its data and
 * the roles of its endpoint. Same types, same data and same roles as the single endpoints.
 */
export const IMPORTABLE_COMMANDS: ReadonlyMap<string, ImportableCommand> = new Map(
  IMPORTABLE_COMMAND_TYPES.map((type) => [
    type,
    {
      type,
      dataClass: lineClassOf(type),
      roles: rolesOfCommand(type),
      toCommand: LINE_TO_COMMAND[type as ImportableCommandType] ?? ((data) => ({ command: { type, data } as ContractCommand })),
    },
  ]),
);

/** The commands that are sent one at a time through their own endpoint, never in bulk: type → that endpoint. */
export const CONTRACT_LEVEL_COMMANDS: ReadonlyMap<string, string> = new Map(
  CONTRACT_COMMAND_TYPES.filter((type) => !CONTRACT_COMMANDS[type].importable).map((type) => [type, routeOfCommand(type)]),
);

/** The roles that may import at all: those of at least one importable command. */
export const IMPORT_ROLES: readonly Role[] = [...new Set([...IMPORTABLE_COMMANDS.values()].flatMap((entry) => entry.roles))];
