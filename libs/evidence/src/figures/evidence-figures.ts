import type { CivilDate } from '#domain';
import type { ContractRow, EvidenceTables, OutcomeRow } from '../tables/evidence-rows.js';
import { CellSuppression, MINIMUM_CELL } from './cell-suppression.js';
import { type DropoutFigures, dropoutFigures } from './dropout.figure.js';
import { type FunnelStep, funnelFigures } from './funnel.figure.js';
import { type JobsBeforeLastingFigures, jobsBeforeLastingFigures } from './jobs-before-lasting.figure.js';
import { type MoneyByMonthFigures, moneyByMonthFigures } from './money-by-month.figure.js';
import { type ParticipantSummary, participantPaths, participantSummaries } from './participant-paths.js';
import { type TimeToEventFigures, timeToEventFigures } from './time-to-event.figure.js';

/** The figures evaluators ask for, computed from an evidence package's tables alone. */
export interface EvidenceFigures {
  /** Follow-up ends here: the latest date any recorded fact speaks of, but not after the as-of date or the window's end. */
  observedUntil: CivilDate;
  /** The outcome whose first occurrence is a lasting attachment. */
  lastingOutcome: string | null;
  suppression: { minimumCell: number; suppressedCells: number; rule: string };
  funnel: FunnelStep[];
  dropout: DropoutFigures;
  jobsBeforeLastingAttachment: JobsBeforeLastingFigures;
  timeToFirstJob: TimeToEventFigures;
  timeToLastingAttachment: TimeToEventFigures;
  moneyByMonth: MoneyByMonthFigures;
}

export const SUPPRESSION_RULE =
  `A count of 1 to ${MINIMUM_CELL - 1} participants is withheld (null), with every figure derived from it; ` +
  'where one cell of a partition with a shown total is withheld, the next smallest is withheld too. ' +
  `Survival curves stop where fewer than ${MINIMUM_CELL} participants are still followed.`;

/** The figures of an evidence package's tables. */
export function computeFigures(tables: EvidenceTables): EvidenceFigures {
  return figuresOf(tables.contract, tables.outcomes, participantSummaries(tables));
}

/** The figures of the contract's referred participants, each summarised from its own rows (participantSummary). */
export function figuresOf(contract: ContractRow, outcomes: readonly OutcomeRow[], summaries: readonly ParticipantSummary[]): EvidenceFigures {
  const paths = participantPaths(summaries, contract.observedUntil);
  const cells = new CellSuppression();
  const figures = {
    observedUntil: contract.observedUntil,
    lastingOutcome: outcomes.find((o) => o.lastingAttachment)?.outcome ?? null,
    funnel: funnelFigures(paths, outcomes, cells),
    dropout: dropoutFigures(paths, cells),
    jobsBeforeLastingAttachment: jobsBeforeLastingFigures(paths, cells),
    timeToFirstJob: timeToEventFigures(paths, (p) => p.days.firstJob, cells),
    timeToLastingAttachment: timeToEventFigures(paths, (p) => p.days.lasting, cells),
    moneyByMonth: moneyByMonthFigures(
      contract,
      outcomes,
      summaries.map((s) => s.money),
      cells,
    ),
  };
  return { ...figures, suppression: { minimumCell: MINIMUM_CELL, suppressedCells: cells.suppressed, rule: SUPPRESSION_RULE } };
}
