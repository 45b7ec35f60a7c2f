import { containsCprShaped } from '../participant/cpr-shaped.js';

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
