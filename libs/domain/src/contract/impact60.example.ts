import type { ContractDefinition } from './contract-definition.js';

/**
 * The contract of docs/rules.md §4 (an IMPACT60-like contract; the prices are illustrative): the
 * OpenAPI example, the demo's contract and the tests' reference contract. A fresh copy each call.
 */
export function impact60Example(contractId = 'aalborg-impact60'): ContractDefinition {
  return {
    contractId,
    title: 'IMPACT60',
    currency: 'DKK',
    parties: { commissioner: 'aalborg-kommune', investor: 'den-sociale-kapitalfond', provider: 'fokus-folkeoplysning' },
    period: { start: '2018-09-01', end: '2022-12-31' },
    targetParticipants: 120,
    outcomes: [
      { code: 'JOB_START', trigger: { type: 'placementStart', minHoursPerWeek: 16, kinds: ['ordinary', 'flexjob'] }, price: 2000000, maxPerParticipant: 1 },
      { code: 'JOB_13W', trigger: { type: 'employmentSustained', weeks: 13, minHoursPerWeek: 16, continuous: false }, price: 3000000, maxPerParticipant: 2 },
      { code: 'SELF_SUPPORT_26W', trigger: { type: 'benefitFreeWeeks', weeks: 26, consecutive: true }, price: 6000000, maxPerParticipant: 1 },
    ],
    caps: { perParticipant: 11000000, total: 600000000 },
    termination: { method: 'expectedValue', horizonWeeks: 52, rates: 'estimated', minSample: 10, fallbackRate: '1/4', stageDays: [0, 30, 60] },
  };
}
