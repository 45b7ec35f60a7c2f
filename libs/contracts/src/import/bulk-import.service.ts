import { Injectable } from '@nestjs/common';
import { type CommandRejected, type CommandResult, CommandIdReusedError, type EventMetadata } from '../../../event-store/src/index.js';
import { type ContractCommand, DomainError } from '../../../domain/src/index.js';
import { ContractCommands } from '../contract-commands.service.js';
import type { ImportedOutcome, ImportReport, RejectedLine } from './import-report.js';
import { redactCprNumbers } from './redact.js';

/** A line that passed the shape checks: a command ready to be decided. */
export interface ValidImportLine {
  line: number;
  commandId: string;
  command: ContractCommand;
  /** Set for a referral: the pseudonym its CPR number became (reported back; the number itself is gone). */
  participantId?: string;
}

export type CheckedImportLine = ({ ok: true } & ValidImportLine) | ({ ok: false } & RejectedLine);

export interface BulkImportOptions {
  /** Lines per transaction. */
  chunkSize?: number;
}

export const DEFAULT_IMPORT_CHUNK_SIZE = 500;

function isRejection(result: CommandResult | CommandRejected): result is CommandRejected {
  return 'rejected' in result;
}

/**
 * Runs the checked lines of a bulk import through the contract's decider, in file order, in
 * chunks of one transaction each (`ContractCommands.executeBatch`): each line sees the state the
 * previous one left, a line the domain refuses is reported and skipped, the others are recorded
 * whole. Re-running the same lines records nothing twice: each line's commandId is its
 * idempotency key (scoped to the importing principal, like Idempotency-Key); one already used for
 * another command is a rejected line.
 */
@Injectable()
export class BulkImport {
  constructor(private readonly commands: ContractCommands) {}

  async run(contractId: string, lines: CheckedImportLine[], metadata: EventMetadata, options: BulkImportOptions = {}): Promise<ImportReport> {
    const chunkSize = Math.max(1, options.chunkSize ?? DEFAULT_IMPORT_CHUNK_SIZE);
    const report: ImportReport = {
      contractId,
      lines: lines.length,
      accepted: 0,
      unchanged: 0,
      duplicates: 0,
      rejected: [],
      recorded: 0,
      version: 0,
      outcomes: { verified: 0, reversed: 0, netAmount: 0, events: [] },
      referrals: [],
    };
    const rejected: RejectedLine[] = [];
    for (const line of lines) if (!line.ok) rejected.push(withoutOk(line));

    const valid = lines.filter((line): line is { ok: true } & ValidImportLine => line.ok);
    for (let start = 0; start < valid.length; start += chunkSize) {
      const chunk = valid.slice(start, start + chunkSize);
      const results = await this.commands.executeBatch(contractId, chunk.map((line) => ({
        command: line.command,
        idempotencyKey: line.commandId,
        metadata: { ...metadata, importLine: line.line },
      })));
      results.forEach((result, index) => this.account(report, rejected, chunk[index], result));
    }
    report.version = await this.commands.withState(contractId, (_, version) => version);
    report.rejected = rejected
      .sort((a, b) => a.line - b.line)
      .map((r) => ({ ...r, message: redactCprNumbers(r.message), ...(r.field !== undefined ? { field: redactCprNumbers(r.field) } : {}) }));
    return report;
  }

  private account(report: ImportReport, rejected: RejectedLine[], line: ValidImportLine, result: CommandResult | CommandRejected): void {
    if (isRejection(result)) {
      rejected.push(rejectedLine(line, result.rejected));
      return;
    }
    if (line.participantId !== undefined) report.referrals.push({ line: line.line, commandId: line.commandId, participantId: line.participantId });
    if (result.duplicate) {
      report.duplicates += 1;
      return;
    }
    report.accepted += 1;
    if (result.events.length === 0) report.unchanged += 1;
    report.recorded += result.events.length;
    for (const event of result.events) {
      if (event.type !== 'OutcomeVerified' && event.type !== 'OutcomeReversed') continue;
      const data = event.data as Omit<ImportedOutcome, 'line' | 'commandId' | 'type'>;
      const outcome: ImportedOutcome = {
        line: line.line,
        commandId: line.commandId,
        type: event.type,
        paymentId: data.paymentId,
        participantId: data.participantId,
        outcomeCode: data.outcomeCode,
        occurrence: data.occurrence,
        revision: data.revision,
        amount: data.amount,
        ...(event.type === 'OutcomeVerified' ? { achievedOn: data.achievedOn, capReason: data.capReason ?? null } : {}),
      };
      report.outcomes.events.push(outcome);
      report.outcomes.netAmount += outcome.amount;
      if (event.type === 'OutcomeVerified') report.outcomes.verified += 1;
      else report.outcomes.reversed += 1;
    }
  }
}

/** Why the decider refused a line: the domain's reason, or its commandId already used (by this principal) for another command. */
function rejectedLine(line: ValidImportLine, error: unknown): RejectedLine {
  if (error instanceof CommandIdReusedError) {
    return {
      line: line.line,
      commandId: line.commandId,
      error: 'command-id-reused',
      field: 'commandId',
      message: error.reason === 'another-stream'
        ? 'This commandId was already used for another contract; give each command its own id.'
        : `This commandId was already used for a different command (it recorded ${error.recordedType}); give each command its own id.`,
    };
  }
  return {
    line: line.line,
    commandId: line.commandId,
    error: error instanceof DomainError ? error.code : 'rejected',
    ...(error instanceof DomainError && error.field ? { field: `data.${error.field}` } : {}),
    message: error instanceof Error ? error.message : 'The command was refused.',
  };
}

function withoutOk(line: { ok: false } & RejectedLine): RejectedLine {
  const { ok: _ok, ...rest } = line;
  return rest;
}
