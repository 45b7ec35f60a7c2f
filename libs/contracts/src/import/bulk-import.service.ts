import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type CommandRejected, type CommandResult, CommandIdReusedError, type EventMetadata } from '#event-store';
import { type ContractCommand, DomainError, maskCprShaped } from '#domain';
import { Metrics } from '#observability';
import { ContractRunner } from '../application/contract.runner.js';
import { ExecuteContractBatch } from '../application/execute-contract-batch.command.js';
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
 * chunks of one transaction each (`ExecuteContractBatch` on the CommandBus): each line sees the
 * state the previous one left, a line the domain refuses is reported and skipped, the others are
 * recorded whole. Re-running the same lines records nothing twice: each line's commandId is its
 * idempotency key (scoped to the importing principal, like Idempotency-Key); one already used for
 * another command is a rejected line.
 */
@Injectable()
export class BulkImport {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly contracts: ContractRunner,
    private readonly metrics: Metrics,
  ) {}

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
      const results = await this.commandBus.execute(
        new ExecuteContractBatch(
          contractId,
          applying.map((line) => ({
            command: line.command,
            idempotencyKey: line.commandId,
            metadata: { ...metadata, importLine: line.line },
          })),
        ),
      );
      results.forEach((result, index) => this.account(report, rejected, applying[index], result));
    };

    const source = Symbol.asyncIterator in lines ? lines[Symbol.asyncIterator]() : lines[Symbol.iterator]();
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
      this.metrics.importLines.inc({ outcome: 'rejected' });
      if (rejected.length >= MAX_REJECTED_IMPORT_LINES) {
        report.stoppedAtLine = line.line;
        await source.return?.();
        break;
      }
    }
    await flush();
    report.version = await this.contracts.withContractState(contractId, (_, streamVersion) => streamVersion);
    report.rejected = rejected
      .sort((a, b) => a.line - b.line)
      .map((r) => ({ ...r, message: maskCprShaped(r.message), ...(r.field !== undefined ? { field: maskCprShaped(r.field) } : {}) }));
    return report;
  }

  private account(report: ImportReport, rejected: RejectedLine[], line: ValidImportLine, result: CommandResult | CommandRejected): void {
    if (isRejection(result)) {
      rejected.push(rejectedLine(line, result.rejected));
      this.metrics.importLines.inc({ outcome: 'rejected' });
      return;
    }
    if (line.participantId !== undefined) report.referrals.push({ line: line.line, commandId: line.commandId, participantId: line.participantId });
    if (result.duplicate) {
      report.duplicates += 1;
      this.metrics.importLines.inc({ outcome: 'duplicate' });
      return;
    }
    report.accepted += 1;
    this.metrics.importLines.inc({ outcome: 'accepted' });
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
      message:
        error.reason === 'another-stream'
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
