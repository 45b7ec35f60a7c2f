import type { ContractDefinition, OutcomeDefinition } from '../contract/contract-definition.js';
import type { ContractWindow } from '../contract/contract-window.js';
import { emptyParticipantFacts, type ParticipantFacts, type PlacementKind } from '../verification/participant-facts.js';
import type { TriggerDefinition } from '../verification/triggers/trigger.registry.js';

/** Builds ParticipantFacts by hand, giving each fact the next stream position (from 1). */
export class FactsBuilder {
  private position = 0;
  readonly facts: ParticipantFacts;

  constructor(participantId = 'P1') {
    this.facts = emptyParticipantFacts(participantId);
  }

  next(): number {
    return ++this.position;
  }

  enrol(on: string): this {
    this.facts.enrolledOn = on;
    this.facts.enrolledAt = this.next();
    return this;
  }

  withdraw(on: string): this {
    this.facts.withdrawnOn = on;
    this.facts.withdrawnAt = this.next();
    return this;
  }

  placement(placementId: string, startDate: string, endDate?: string, options: { hours?: number; kind?: PlacementKind } = {}): this {
    const positions = [this.next()];
    if (endDate !== undefined) positions.push(this.next());
    this.facts.placements.set(placementId, {
      placementId,
      kind: options.kind ?? 'ordinary',
      hoursPerWeek: options.hours ?? 30,
      startDate,
      ...(endDate !== undefined ? { endDate } : {}),
      positions,
    });
    return this;
  }

  evidence(evidenceId: string, placementId: string, from: string, to: string, revoked = false): this {
    this.facts.payrollEvidence.set(evidenceId, { evidenceId, placementId, from, to, revoked, position: this.next() });
    return this;
  }

  week(week: string, benefitPaid: boolean): this {
    const records = (this.facts.benefitWeeks.get(week)?.records ?? 0) + 1;
    this.facts.benefitWeeks.set(week, { week, benefitPaid, position: this.next(), records });
    return this;
  }

  weeks(year: number, from: number, to: number, benefitPaid = false): this {
    for (let w = from; w <= to; w++) this.week(`${year}-W${String(w).padStart(2, '0')}`, benefitPaid);
    return this;
  }
}

export function definitionWith(outcomes: { code?: string; trigger: TriggerDefinition; price?: number; maxPerParticipant?: number }[]): ContractDefinition {
  return {
    contractId: 'test-contract',
    title: 'Test',
    currency: 'DKK',
    parties: { commissioner: 'c', investor: 'i', provider: 'p' },
    period: { start: '2018-01-01', end: '2025-12-31' },
    targetParticipants: 10,
    outcomes: outcomes.map((o, i): OutcomeDefinition => ({
      code: o.code ?? `OUTCOME_${i}`,
      trigger: o.trigger,
      price: o.price ?? 1000,
      maxPerParticipant: o.maxPerParticipant ?? 5,
    })),
    caps: { perParticipant: 1_000_000, total: 100_000_000 },
    termination: { method: 'tailPeriod', tailWeeks: 26, evidenceGraceWeeks: 9 },
  };
}

export const OPEN_WINDOW: ContractWindow = { start: '2018-01-01', end: '2025-12-31' };
