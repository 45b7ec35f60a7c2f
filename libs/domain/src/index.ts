// shared
export * from './shared/domain.error.js';
export * from './shared/validation-error.js';
export * from './shared/canonical-json.js';
export * from './shared/sorted-unique.js';
export * from './shared/field-checks.js';

// time
export * from './time/civil-date.js';
export * from './time/iso-week.js';
export * from './time/copenhagen.js';
export * from './time/instant.js';
export * from './time/clock.js';

// money
export * from './money/money.js';
export * from './money/money-format.js';
export * from './money/fraction.js';
export * from './money/currency.js';

// contract definition
export * from './contract/contract-definition.js';
export * from './contract/contract-stream.js';
export * from './contract/contract-definition.validator.js';
export * from './contract/impact60.example.js';
export * from './contract/contract-window.js';
export * from './contract/contract-not-found.js';
export * from './contract/cap-headroom.js';

// verification rules (§5)
export * from './verification/participant-facts.js';
export * from './verification/achievement.js';
export * from './verification/evaluate-participant.js';
export * from './verification/trigger-subject.js';
export * from './verification/triggers/trigger.js';
export * from './verification/triggers/trigger.registry.js';
export * from './verification/triggers/qualifying-placement.js';
export * from './verification/triggers/employment-days.js';
export * from './verification/triggers/counted-progress.js';
export * from './verification/triggers/placement-start.trigger.js';
export * from './verification/triggers/employment-sustained.trigger.js';
export * from './verification/triggers/benefit-free-weeks.trigger.js';

// contract decider
export * from './decider/contract.commands.js';
export * from './decider/contract.events.js';
export * from './decider/contract.state.js';
export * from './decider/contract-state.codec.js';
export * from './decider/contract.evolve.js';
export * from './decider/contract.decide.js';
export * from './decider/command-fields.js';
export * from './decider/command-catalogue.js';
export type { Decision } from './decider/handlers/decision.js';
export * from './decider/contract.decider.js';
export * from './decider/outcome-derivation.js';
export * from './decider/participant-facts.projection.js';
export * from './decider/evidence-export.js';

// participants (§9)
export * from './participant/cpr.js';
export * from './participant/cpr-shaped.js';
export * from './participant/pseudonym.js';

// payment identities and their states (§7 "No money paid twice")
export * from './payments/payment-state.js';
export * from './payments/contract-payments.js';

// settlement at an early termination (§7)
export * from './settlement/settlement.js';
export * from './settlement/compute-settlement.js';
export * from './decider/contract.what-if.js';
export * from './settlement/settlement-digest.js';
export * from './settlement/cap-cuts.js';
