import { containsCprShaped } from '../participant/cpr-shaped.js';
import { DomainError } from '../shared/domain.error.js';
import { requireId, requireSha256 } from './command-fields.js';
import type { CommandData } from './contract.commands.js';
import type { ContractState } from './contract.state.js';

/** How finely dates are given in an evidence package: as recorded, or coarsened to ISO weeks or months. */
export type DateGranularity = 'day' | 'week' | 'month';
export const DATE_GRANULARITIES: readonly DateGranularity[] = ['day', 'week', 'month'];

/** A study key's name: chosen by the evaluator, recorded with every export made under it. */
export const STUDY_KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{2,63}$/;

/**
 * An evaluator's evidence package, as recorded once it has been written: which log position it
 * was taken at, how it was made (options), and the SHA-256 of the package file, which ties the
 * fact to every byte the evaluator received. Who and when are the event's actor and recording
 * instant. The command carries exactly the event's data.
 */
export interface EvidenceExportData {
  exportId: string;
  /** The contract's stream version and the log's global position (decimal) the package reflects. */
  takenAt: { streamVersion: number; globalPosition: string };
  options: { dateGranularity: DateGranularity; studyKey: string | null };
  packageSha256: string;
  packageBytes: number;
}

export function isDateGranularity(value: unknown): value is DateGranularity {
  return typeof value === 'string' && (DATE_GRANULARITIES as readonly string[]).includes(value);
}

/** A name is recorded in the log: nothing in it may be shaped like a CPR number. */
export function isStudyKeyName(value: unknown): value is string {
  return typeof value === 'string' && STUDY_KEY_PATTERN.test(value) && !containsCprShaped(value);
}

/** Checks a RecordEvidenceExport command's data against the contract's state; the event's data. */
export function evidenceExportOf(state: ContractState, data: CommandData<'RecordEvidenceExport'>): EvidenceExportData {
  const exportId = requireId(data.exportId, 'exportId');
  const packageSha256 = requireSha256(data.packageSha256, 'packageSha256');
  const packageBytes = data.packageBytes;
  if (typeof packageBytes !== 'number' || !Number.isSafeInteger(packageBytes) || packageBytes <= 0) {
    throw new DomainError('invalid', 'invalid-field', 'packageBytes must be a positive whole number.', { field: 'packageBytes' });
  }
  const takenAt = (data.takenAt ?? {}) as Record<string, unknown>;
  const streamVersion = takenAt.streamVersion;
  if (typeof streamVersion !== 'number' || !Number.isSafeInteger(streamVersion) || streamVersion < 1 || streamVersion > state.version) {
    throw new DomainError('invalid', 'invalid-field', 'takenAt.streamVersion must be a version the contract’s log has reached.', {
      field: 'takenAt.streamVersion',
    });
  }
  const globalPosition = takenAt.globalPosition;
  if (typeof globalPosition !== 'string' || !/^[1-9]\d{0,19}$/.test(globalPosition)) {
    throw new DomainError('invalid', 'invalid-field', 'takenAt.globalPosition must be a log position in decimal.', { field: 'takenAt.globalPosition' });
  }
  const options = (data.options ?? {}) as Record<string, unknown>;
  if (!isDateGranularity(options.dateGranularity)) {
    throw new DomainError('invalid', 'invalid-field', `options.dateGranularity must be one of ${DATE_GRANULARITIES.join(', ')}.`, {
      field: 'options.dateGranularity',
    });
  }
  const studyKey = options.studyKey ?? null;
  if (studyKey !== null && !isStudyKeyName(studyKey)) {
    throw new DomainError(
      'invalid',
      'invalid-field',
      'options.studyKey must be 3-64 letters, digits, dots, dashes or underscores, starting with a letter, with no CPR-shaped digits.',
      { field: 'options.studyKey' },
    );
  }
  return {
    exportId,
    takenAt: { streamVersion, globalPosition },
    options: { dateGranularity: options.dateGranularity, studyKey },
    packageSha256,
    packageBytes,
  };
}
