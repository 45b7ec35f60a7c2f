import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { Role } from '#auth';
import { type CheckedImportLine, IDEMPOTENCY_KEY_PATTERN, IDEMPOTENCY_KEY_RULE, type JsonLine, MAX_JSON_LINE_BYTES } from '#contracts';
import { containsCprShaped, isDomainError } from '#domain';
import { inputProblemOf } from '../common/dto-input.check.js';
import { isSafeFieldName } from '../common/field-path.js';
import { flattenValidationErrors } from '../common/validation-errors.js';
import { readUntrustedJsonBytes } from '../common/untrusted-json.js';
import { CONTRACT_LEVEL_COMMANDS, IMPORTABLE_COMMANDS, type ImportContext } from './importable-commands.js';

const LINE_FIELDS = new Set(['commandId', 'type', 'data']);

type Rejection = Extract<CheckedImportLine, { ok: false }>;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Checks the lines of an import one by one, as they arrive, in this order: the line is UTF-8
 * JSON that can be stored (untrusted-json.ts, as a request body is), an object of `commandId`,
 * `type` and `data` only, a well-formed commandId with no CPR number, not used by an earlier
 * line, a command type that can be imported, the caller's role may send it, then `data` as the
 * single endpoint checks its input (only the fields its DTO declares, no CPR number but a
 * referral's `cpr`, then the DTO). A referral's CPR number becomes the pseudonym here; it is never
 * kept or repeated, and no message quotes the line.
 */
export class ImportLineChecker {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly role: Role,
    private readonly context: ImportContext,
  ) {}

  check(jsonLine: JsonLine): CheckedImportLine {
    const { line } = jsonLine;
    const reject = (error: string, message: string, field?: string, commandId?: string): Rejection => ({
      ok: false,
      line,
      ...(commandId !== undefined ? { commandId } : {}),
      error,
      ...(field !== undefined ? { field } : {}),
      message,
    });

    if ('tooLong' in jsonLine) return reject('line-too-long', `The line is longer than ${MAX_JSON_LINE_BYTES / 1024} kB; a command needs far less.`);
    const reading = readUntrustedJsonBytes(jsonLine.bytes, 'The line');
    if (!reading.ok) return reject(reading.error, reading.message, reading.path === '' ? undefined : reading.path);
    const value = reading.value;
    if (!isObject(value)) return reject('invalid-line', 'Each line must be a JSON object: {"commandId": ..., "type": ..., "data": {...}}.');

    const { commandId, type, data } = value;
    if (commandId === undefined) return reject('invalid-command-id', 'commandId is required: it is the line’s idempotency key.', 'commandId');
    if (typeof commandId !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(commandId)) {
      return reject('invalid-command-id', `commandId must be ${IDEMPOTENCY_KEY_RULE}.`, 'commandId');
    }
    if (containsCprShaped(commandId)) {
      // It would be stored with every event the line records (§9): refuse it, and do not repeat it.
      return reject('invalid-command-id', 'commandId must not contain a CPR number.', 'commandId');
    }
    const earlier = this.seen.get(commandId);
    if (earlier !== undefined) {
      return reject('duplicate-command-id', `commandId is already used by line ${earlier} of this file; give each command its own id.`, 'commandId', commandId);
    }
    this.seen.set(commandId, line);

    const unknownField = Object.keys(value).find((key) => !LINE_FIELDS.has(key));
    if (unknownField !== undefined) {
      return isSafeFieldName(unknownField)
        ? reject('invalid-line', `Unknown field ${unknownField}: a line has only commandId, type and data.`, unknownField, commandId)
        : reject('invalid-line', 'The line has a field whose name is not allowed: a line has only commandId, type and data.', undefined, commandId);
    }
    if (typeof type !== 'string' || type === '')
      return reject('invalid-command', 'type is required: the command type, e.g. StartPlacement.', 'type', commandId);
    const contractLevel = CONTRACT_LEVEL_COMMANDS.get(type);
    if (contractLevel !== undefined) {
      return reject(
        'not-importable',
        `${type} is sent one at a time (a contract-level command) and cannot be imported; use ${contractLevel}.`,
        'type',
        commandId,
      );
    }
    const entry = IMPORTABLE_COMMANDS.get(type);
    if (entry === undefined) {
      return reject('unknown-command', `Unknown command type; importable: ${[...IMPORTABLE_COMMANDS.keys()].join(', ')}.`, 'type', commandId);
    }
    if (!entry.roles.includes(this.role)) {
      return reject('forbidden', `A ${this.role} may not record ${type} (allowed: ${entry.roles.join(', ')}).`, 'type', commandId);
    }
    if (!isObject(data)) return reject('invalid-command', 'data must be a JSON object with the command’s fields.', 'data', commandId);
    const problem = inputProblemOf(data, entry.dataClass, 'data');
    if (problem !== undefined) return reject('invalid-request', problem.message, problem.field, commandId);

    const instance = plainToInstance(entry.dataClass, data);
    const errors = validateSync(instance, {
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      validationError: { target: false, value: false },
    });
    if (errors.length > 0) {
      const fields = flattenValidationErrors(errors);
      return reject('invalid-request', fields.map((f) => f.messages.join('; ')).join('; '), `data.${fields[0]?.field ?? ''}`, commandId);
    }

    try {
      const { command, participantId } = entry.toCommand({ ...(instance as Record<string, unknown>) }, this.context);
      return { ok: true, line, commandId, command, ...(participantId !== undefined ? { participantId } : {}) };
    } catch (error) {
      if (!isDomainError(error)) throw error;
      return reject(error.code, error.message, error.field ? `data.${error.field}` : 'data', commandId);
    }
  }
}

/** Checks the lines of a whole file at once (see ImportLineChecker). */
export function checkImportLines(lines: Iterable<JsonLine>, role: Role, context: ImportContext): CheckedImportLine[] {
  const checker = new ImportLineChecker(role, context);
  return [...lines].map((line) => checker.check(line));
}
