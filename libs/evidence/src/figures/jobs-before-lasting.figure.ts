import type { CellSuppression } from './cell-suppression.js';
import { round4 } from './rounding.js';
import type { ParticipantPath } from './participant-paths.js';

export interface JobsBeforeLastingFigures {
  /** Participants with a lasting attachment. */
  participants: number | null;
  mean: number | null;
  median: number | null;
  distribution: Array<{ jobs: number; participants: number | null }>;
}

/**
 * Employment relationships before a lasting attachment: for each participant with one, the
 * qualifying placements with at least one evidenced employment day that started on or before it.
 */
export function jobsBeforeLastingFigures(paths: readonly ParticipantPath[], cells: CellSuppression): JobsBeforeLastingFigures {
  const jobs = paths
    .filter((p) => p.lastingOn !== null)
    .map((p) => p.jobsBeforeLasting)
    .sort((a, b) => a - b);
  const n = jobs.length;
  const max = n === 0 ? -1 : jobs[n - 1];
  const counts = new Array<number>(max + 1).fill(0);
  for (const j of jobs) counts[j] += 1;
  const shown = cells.partition(counts);
  const participants = cells.count(n);
  const median = n === 0 ? null : n % 2 === 1 ? jobs[(n - 1) / 2] : (jobs[n / 2 - 1] + jobs[n / 2]) / 2;
  return {
    participants,
    mean: participants === null || n === 0 ? null : round4(jobs.reduce((a, b) => a + b, 0) / n),
    median: participants === null ? null : median,
    distribution: counts.map((_, k) => ({ jobs: k, participants: shown[k] })),
  };
}
