import type { ContractCommand } from '../../../domain/src/index.js';

type Data = Record<string, unknown>;

/**
 * Every recorded fact was decided from a command whose data can be read back from the fact: this
 * table reads it back (the verifier decides it again and compares). A CPR number is never needed:
 * a referral's command is replayed with the pseudonym it was recorded under. A type missing here
 * cannot be checked by the verifier, which reports it as a failure.
 */
export const FACT_COMMANDS: Readonly<Record<string, (data: Data) => ContractCommand>> = {
  ContractRegistered: (d) => ({ type: 'RegisterContract', data: { definition: d.definition } }),
  ContractActivated: (d) => ({ type: 'ActivateContract', data: { activatedOn: d.activatedOn as string } }),
  ContractAmended: (d) => ({ type: 'AmendContract', data: { definition: d.definition, reason: d.reason as string } }),
  // The terms in force, given in full, decide the same as the method they were chosen by.
  ContractTerminated: (d) => ({ type: 'TerminateContract', data: { effectiveOn: d.effectiveOn, reason: d.reason, method: d.terms } as never }),
  ParticipantReferred: (d) => ({ type: 'ReferParticipant', data: { ...d } as never }),
  ParticipantEnrolled: (d) => ({ type: 'EnrolParticipant', data: { ...d } as never }),
  ParticipantWithdrawn: (d) => ({ type: 'WithdrawParticipant', data: { ...d } as never }),
  PlacementStarted: (d) => ({ type: 'StartPlacement', data: { ...d } as never }),
  PlacementEnded: (d) => ({ type: 'EndPlacement', data: { ...d } as never }),
  PlacementCorrected: (d) => ({ type: 'CorrectPlacement', data: { ...d } as never }),
  PayrollEvidenceRecorded: (d) => ({ type: 'RecordPayrollEvidence', data: { ...d } as never }),
  PayrollEvidenceRevoked: (d) => ({ type: 'RevokePayrollEvidence', data: { ...d } as never }),
  BenefitWeekRecorded: (d) => ({ type: 'RecordBenefitWeek', data: { ...d } as never }),
  // The amount is the rules' (the verified amount of that payment identity), not the command's.
  PaymentConfirmed: (d) => ({ type: 'ConfirmPayment', data: { paymentId: d.paymentId, reference: d.reference, confirmedOn: d.confirmedOn } as never }),
};

/** Events the rules derive from the fact before them; they are compared, never replayed as commands. */
export const DERIVED_EVENT_TYPES: ReadonlySet<string> = new Set(['OutcomeVerified', 'OutcomeReversed']);
