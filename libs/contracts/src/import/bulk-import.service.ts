import { Injectable } from '@nestjs/common';
import { type CommandRejected, type CommandResult, CommandIdReusedError, type EventMetadata } from '../../../event-store/src/index.js';
import { type ContractCommand, DomainError, maskCprShaped } from '../../../domain/src/index.js';
import { ContractCommands, type ContractCommandRequest } from '../contract-commands.service.js';
import type { ImportedOutcome, ImportReport, RejectedLine } from './import-report.js';

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

/** An import stops reading after this many rejected lines: such a file is not what its sender meant, and its report would grow without bound. */
export const MAX_REJECTED_IMPORT_LINES = 1000;

function isRejection(result: CommandResult | CommandRejected): result is CommandRejected {
  return 'rejected' in result;
}

/**
 * Runs the checked lines of a bulk import through the contract's decider, in file order, in
 * chunks of one transaction each (`ContractCommands.executeBatch`): each line sees the state the
 * previous one left, a line the domain refuses is reported and skipped, the others are recorded
 * whole. Re-running the same lines records nothing twice: each line's commandId is its
 * idempotency key.
 */
@Injectable()
export class BulkImport {
  constructor(private readonly commands: ContractCommands) {}

  /**
   * `lines` may be a stream (an async iterable): chunks are decided and recorded as they fill, so
   * an upload is applied while it arrives. When the stream fails (an upload cut off or too large),
   * the lines read so far are applied before the error goes on to the caller.
   */
  async run(
    contractId: string,
    lines: Iterable<CheckedImportLine> | AsyncIterable<CheckedImportLine>,
    metadata: EventMetadata,
    options: BulkImportOptions = {},
  ): Promise<ImportReport> {
    const chunkSize = Math.max(1, options.chunkSize ?? DEFAULT_IMPORT_CHUNK_SIZE);
    const report: ImportReport = {
      contractId,
      lines: 0,
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
    let chunk: ValidImportLine[] = [];
    const flush = async (): Promise<void> => {
      if (chunk.length === 0) return;
      const applying = chunk;
      chunk = [];
      const { results, reused } = await this.executeChunk(contractId, applying, metadata);
      rejected.push(...reused);
      for (const [index, result] of results) this.account(report, rejected, applying[index], result);
    };

    const source = Symbol.asyncIterator in lines ? lines[Symbol.asyncIterator]() : (lines as Iterable<CheckedImportLine>)[Symbol.iterator]();
    for (;;) {
      let next: IteratorResult<CheckedImportLine>;
      try {
        next = await source.next();
      } catch (error) {
        await flush();
        throw error;
      }
      if (next.done) break;
      const line = next.value;
      report.lines += 1;
      if (line.ok) {
        chunk.push(line);
        if (chunk.length >= chunkSize) await flush();
        continue;
      }
      rejected.push(withoutOk(line));
      if (rejected.length >= MAX_REJECTED_IMPORT_LINES) {
        report.stoppedAtLine = line.line;
        await source.return?.();
        break;
      }
    }
    await flush();
    report.version = await this.commands.withState(contractId, (_, version) => version);
    report.rejected = rejected
      .sort((a, b) => a.line - b.line)
      .map((r) => ({ ...r, message: maskCprShaped(r.message), ...(r.field !== undefined ? { field: maskCprShaped(r.field) } : {}) }));
    return report;
  }

  /**
   * One transaction for the chunk. A commandId already used on another contract's stream aborts
   * the transaction (it is not a domain refusal): that line is then rejected and the chunk run
   * again without it.
   */
  private async executeChunk(
    contractId: string,
    chunk: ValidImportLine[],
    metadata: EventMetadata,
  ): Promise<{ results: Array<[number, CommandResult | CommandRejected]>; reused: RejectedLine[] }> {
    const reused: RejectedLine[] = [];
    let indexes = chunk.map((_, index) => index);
    for (;;) {
      const requests: ContractCommandRequest[] = indexes.map((index) => ({
        command: chunk[index].command,
        commandId: chunk[index].commandId,
        metadata: { ...metadata, importLine: chunk[index].line },
      }));
      try {
        const results = requests.length === 0 ? [] : await this.commands.executeBatch(contractId, requests);
        return { results: results.map((result, i) => [indexes[i], result]), reused };
      } catch (error) {
        if (!(error instanceof CommandIdReusedError)) throw error;
        const culprit = indexes.find((index) => chunk[index].commandId === error.commandId);
        if (culprit === undefined) throw error;
        reused.push({
          line: chunk[culprit].line,
          commandId: chunk[culprit].commandId,
          error: 'command-id-reused',
          field: 'commandId',
          message: 'This commandId was already used for another contract; give each command its own id.',
        });
        indexes = indexes.filter((index) => index !== culprit);
      }
    }
  }

  private account(report: ImportReport, rejected: RejectedLine[], line: ValidImportLine, result: CommandResult | CommandRejected): void {
    if (isRejection(result)) {
      const error = result.rejected as DomainError;
      rejected.push({
        line: line.line,
        commandId: line.commandId,
        error: error instanceof DomainError ? error.code : 'rejected',
        ...(error instanceof DomainError && error.field ? { field: `data.${error.field}` } : {}),
        message: error instanceof Error ? error.message : 'The command was refused.',
      });
      return;
    }
    if (result.duplicate && !sameCommand(line.command, result)) {
      rejected.push({
        line: line.line,
        commandId: line.commandId,
        error: 'command-id-reused',
        field: 'commandId',
        message: `This commandId was already used for a different command (it recorded ${result.events[0]?.type ?? 'nothing'}); give each command its own id.`,
      });
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

/** The fact each importable command records first. */
const FACT_OF: Readonly<Record<string, string>> = {
  ReferParticipant: 'ParticipantReferred',
  EnrolParticipant: 'ParticipantEnrolled',
  WithdrawParticipant: 'ParticipantWithdrawn',
  StartPlacement: 'PlacementStarted',
  EndPlacement: 'PlacementEnded',
  CorrectPlacement: 'PlacementCorrected',
  RecordPayrollEvidence: 'PayrollEvidenceRecorded',
  RevokePayrollEvidence: 'PayrollEvidenceRevoked',
  RecordBenefitWeek: 'BenefitWeekRecorded',
  ConfirmPayment: 'PaymentConfirmed',
};
const IDENTITY_FIELDS = ['participantId', 'placementId', 'evidenceId', 'week', 'paymentId'] as const;

/**
 * Whether what a commandId recorded earlier is this command: the same kind of fact about the same
 * participant, placement, evidence, week or payment. (A retry is the same command; the same id on
 * another command is a mistake in the sender's ids, not something already imported.)
 */
function sameCommand(command: ContractCommand, earlier: CommandResult): boolean {
  const fact = earlier.events[0];
  if (fact === undefined) return true;
  if (FACT_OF[command.type] !== undefined && fact.type !== FACT_OF[command.type]) return false;
  const data = command.data as Record<string, unknown>;
  const recorded = (fact.data ?? {}) as Record<string, unknown>;
  return IDENTITY_FIELDS.every((field) => data[field] === undefined || recorded[field] === undefined || data[field] === recorded[field]);
}

function withoutOk(line: { ok: false } & RejectedLine): RejectedLine {
  const { ok: _ok, ...rest } = line;
  return rest;
}
