import type { OutcomeRow } from '../tables/evidence-rows.js';
import type { CellSuppression } from './cell-suppression.js';
import type { ParticipantPath } from './participant-paths.js';

export interface FunnelStep {
  step: string;
  label: string;
  participants: number | null;
}

/** Participants who got at least this far: referred, accepted at intake, enrolled, placed, first evidenced job, each outcome. */
export function funnelFigures(paths: readonly ParticipantPath[], outcomes: readonly OutcomeRow[], cells: CellSuppression): FunnelStep[] {
  const count = (test: (p: ParticipantPath) => boolean) => {
    let n = 0;
    for (const p of paths) if (test(p)) n += 1;
    return n;
  };
  const steps: Array<[string, string, number]> = [
    ['referred', 'referred', paths.length],
    ['acceptedAtIntake', 'accepted at intake', count((p) => p.row.intakeOutcome === 'accepted')],
    ['enrolled', 'enrolled', count((p) => p.row.enrolledOn !== null)],
    ['placed', 'placed (any placement)', count((p) => p.row.enrolledOn !== null && p.placed)],
    ['firstEvidencedJob', 'first evidenced job', count((p) => p.firstJobOn !== null)],
    ...outcomes.map((o): [string, string, number] => [`outcome:${o.outcome}`, o.outcome, count((p) => p.outcomes.includes(o.outcome))]),
  ];
  return steps.map(([step, label, n]) => ({ step, label, participants: cells.count(n) }));
}
