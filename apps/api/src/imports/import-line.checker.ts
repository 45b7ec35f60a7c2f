import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';
import type { Role } from '../../../../libs/auth/src/index.js';
import { type CheckedImportLine, containsCprNumber, type JsonLine, parseJsonLine } from '../../../../libs/contracts/src/index.js';
import { isDomainError } from '../../../../libs/domain/src/index.js';
import { CONTRACT_LEVEL_COMMANDS, IMPORTABLE_COMMANDS, type ImportContext } from './importable-commands.js';

/** The caller's id for a line: its idempotency key (the same rule as the Idempotency-Key header). */
export const COMMAND_ID_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;
const LINE_FIELDS = new Set(['commandId', 'type', 'data']);

type Rejection = Extract<CheckedImportLine, { ok: false }>;

function flatten(errors: ValidationError[], parent = ''): Array<{ field: string; messages: string[] }> {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A short, printable rendering of something the caller sent, for a message (redacted later like every message). */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 61)}...` : text);
}

/**
 * Checks every line of an import before anything is decided, in this order: valid JSON, an object
 * of `commandId`, `type` and `data` only, a well-formed commandId not used by an earlier line, a
 * command type that can be imported, the caller's role may send it, then `data` against the same
 * DTO as the single endpoint (unknown fields refused). A referral's CPR number becomes the
 * pseudonym here; it is never kept or repeated.
 */
export function checkImportLines(lines: JsonLine[], role: Role, context: ImportContext): CheckedImportLine[] {
  const seen = new Map<string, number>();
  return lines.map((line) => checkLine(line, role, context, seen));
}

function checkLine(jsonLine: JsonLine, role: Role, context: ImportContext, seen: Map<string, number>): CheckedImportLine {
  const { line } = jsonLine;
  const reject = (error: string, message: string, field?: string, commandId?: string): Rejection => ({
    ok: false,
    line,
    ...(commandId !== undefined ? { commandId } : {}),
    error,
    ...(field !== undefined ? { field } : {}),
    message,
  });

  const parsed = parseJsonLine(jsonLine.text);
  if (!parsed.ok) return reject('invalid-json', parsed.message);
  const value = parsed.value;
  if (!isObject(value)) return reject('invalid-line', 'Each line must be a JSON object: {"commandId": ..., "type": ..., "data": {...}}.');

  const { commandId, type, data } = value;
  if (commandId === undefined) return reject('invalid-command-id', 'commandId is required: it is the line’s idempotency key.', 'commandId');
  if (typeof commandId !== 'string' || !COMMAND_ID_PATTERN.test(commandId)) {
    return reject('invalid-command-id', 'commandId must be 8-128 letters, digits, dots, colons, dashes or underscores.', 'commandId');
  }
  if (containsCprNumber(commandId)) {
    // It would be stored with every event the line records (§9): refuse it, and do not repeat it.
    return reject('invalid-command-id', 'commandId must not contain a CPR number.', 'commandId');
  }
  const earlier = seen.get(commandId);
  if (earlier !== undefined) {
    return reject('duplicate-command-id', `commandId is already used by line ${earlier} of this file; give each command its own id.`, 'commandId', commandId);
  }
  seen.set(commandId, line);

  const unknownField = Object.keys(value).find((key) => !LINE_FIELDS.has(key));
  if (unknownField !== undefined) {
    return reject('invalid-line', `Unknown field ${shown(unknownField)}: a line has only commandId, type and data.`, unknownField, commandId);
  }
  if (typeof type !== 'string' || type === '') return reject('invalid-command', 'type is required: the command type, e.g. StartPlacement.', 'type', commandId);
  const contractLevel = CONTRACT_LEVEL_COMMANDS.get(type);
  if (contractLevel !== undefined) {
    return reject('not-importable', `${type} is a contract-level command and cannot be imported; use ${contractLevel}.`, 'type', commandId);
  }
  const entry = IMPORTABLE_COMMANDS.get(type);
  if (entry === undefined) {
    return reject('unknown-command', `Unknown command type ${shown(type)}; importable: ${[...IMPORTABLE_COMMANDS.keys()].join(', ')}.`, 'type', commandId);
  }
  if (!entry.roles.includes(role)) {
    return reject('forbidden', `A ${role} may not record ${type} (allowed: ${entry.roles.join(', ')}).`, 'type', commandId);
  }
  if (!isObject(data)) return reject('invalid-command', 'data must be a JSON object with the command’s fields.', 'data', commandId);

  const instance = plainToInstance(entry.dataClass, data);
  const errors = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
  if (errors.length > 0) {
    const fields = flatten(errors);
    return reject('invalid-request', fields.map((f) => f.messages.join('; ')).join('; '), `data.${fields[0]?.field ?? ''}`, commandId);
  }

  try {
    const { command, participantId } = entry.toCommand({ ...(instance as Record<string, unknown>) }, context);
    return { ok: true, line, commandId, command, ...(participantId !== undefined ? { participantId } : {}) };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return reject(error.code, error.message, error.field ? `data.${error.field}` : 'data', commandId);
  }
}
