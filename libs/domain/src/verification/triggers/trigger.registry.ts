import { benefitFreeWeeksTrigger, type BenefitFreeWeeksTrigger } from './benefit-free-weeks.trigger.js';
import { employmentSustainedTrigger, type EmploymentSustainedTrigger } from './employment-sustained.trigger.js';
import { placementStartTrigger, type PlacementStartTrigger } from './placement-start.trigger.js';
import type { TriggerType } from './trigger.js';

/** Every trigger a contract may use. A new trigger adds a member here and an entry below. */
export type TriggerDefinition = PlacementStartTrigger | EmploymentSustainedTrigger | BenefitFreeWeeksTrigger;

function entry<T extends TriggerDefinition>(trigger: TriggerType<T>): [string, TriggerType<TriggerDefinition>] {
  return [trigger.type, trigger];
}

export const triggerRegistry: ReadonlyMap<string, TriggerType<TriggerDefinition>> = new Map([
  entry(placementStartTrigger),
  entry(employmentSustainedTrigger),
  entry(benefitFreeWeeksTrigger),
]);

export function triggerTypeOf(type: string): TriggerType<TriggerDefinition> {
  const trigger = triggerRegistry.get(type);
  if (trigger === undefined) throw new RangeError(`no trigger type ${type}`);
  return trigger;
}
