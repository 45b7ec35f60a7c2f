import type { EvidenceFigures } from '../figures/evidence-figures.js';

/** Report figures for the specs: some values withheld, one chart with nothing to draw. */
export const REPORT_FIGURES: EvidenceFigures = {
  observedUntil: '2019-12-31',
  lastingOutcome: 'SELF_SUPPORT_26W',
  suppression: { minimumCell: 5, suppressedCells: 3, rule: '…' },
  funnel: [
    { step: 'referred', label: 'referred', participants: 40 },
    { step: 'outcome:SELF_SUPPORT_26W', label: 'SELF_SUPPORT_26W', participants: null },
  ],
  dropout: {
    byIntakeVariant: [{ intakeVariant: 'thorough', enrolled: 20, droppedOut: 5, rate: 0.25, interval95: { low: 0.1119, high: 0.4687 } }],
    all: { intakeVariant: 'all', enrolled: 20, droppedOut: 5, rate: 0.25, interval95: { low: 0.1119, high: 0.4687 } },
  },
  jobsBeforeLastingAttachment: {
    participants: null,
    mean: null,
    median: null,
    distribution: [
      { jobs: 0, participants: 0 },
      { jobs: 1, participants: null },
    ],
  },
  timeToFirstJob: {
    participants: 20,
    events: 10,
    censored: 10,
    medianDays: 28,
    points: [
      { day: 0, atRisk: 20, survival: 1 },
      { day: 28, atRisk: 20, survival: 0.5 },
    ],
  },
  timeToLastingAttachment: { participants: 20, events: null, censored: 17, medianDays: null, points: [{ day: 0, atRisk: 20, survival: 1 }] },
  moneyByMonth: {
    currency: 'DKK',
    caps: { perParticipant: 11_000_000, total: 100_000_000 },
    months: [
      {
        month: '2019-02',
        outcomes: [{ outcome: 'JOB_START', occurrences: 10, amount: 20_000_000 }],
        payments: { count: null, amount: null },
        committedToDate: 20_000_000,
        paidToDate: null,
        headroom: 80_000_000,
        participantsAtCap: 0,
      },
    ],
  },
};
