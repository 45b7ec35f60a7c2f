import type { ContractDefinition, PlacementFilter } from '#domain';

/**
 * The outcome whose first occurrence counts as a lasting attachment to the labour market: the
 * benefit-free-weeks outcome asking for the most weeks (the first such in the definition on a tie),
 * or else the definition's last outcome.
 */
export function lastingOutcomeOf(definition: ContractDefinition): string {
  let best: { code: string; weeks: number } | undefined;
  for (const outcome of definition.outcomes) {
    const trigger = outcome.trigger;
    if (trigger.type === 'benefitFreeWeeks' && (best === undefined || trigger.weeks > best.weeks)) best = { code: outcome.code, weeks: trigger.weeks };
  }
  return best?.code ?? definition.outcomes[definition.outcomes.length - 1].code;
}

/**
 * Which placements count as employment for spells and employment relationships: those the
 * contract's first sustained-employment outcome counts, else those its first placement-start
 * outcome counts, else every placement.
 */
export function employmentFilterOf(definition: ContractDefinition): PlacementFilter {
  const outcome =
    definition.outcomes.find((o) => o.trigger.type === 'employmentSustained') ?? definition.outcomes.find((o) => o.trigger.type === 'placementStart');
  if (outcome === undefined || (outcome.trigger.type !== 'employmentSustained' && outcome.trigger.type !== 'placementStart')) return { minHoursPerWeek: 0 };
  const { minHoursPerWeek, kinds } = outcome.trigger;
  return kinds === undefined ? { minHoursPerWeek } : { minHoursPerWeek, kinds };
}
