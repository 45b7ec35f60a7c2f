import { MapWithChanges } from '../shared/map-with-changes.js';
import { VersionedMap } from '../shared/versioned-map.js';
import type { TriggerDefinition } from './triggers/trigger.registry.js';
import type { TriggerOccurrence, TriggerSubject, TriggerType } from './triggers/trigger.js';

interface Remembered {
  from: number;
  until: number;
  lastDay: number;
  limit: number;
  /** The maps the trigger read, and their versions then. */
  read: readonly { map: VersionedMap<unknown, unknown>; version: number }[];
  occurrences: TriggerOccurrence[];
}

// By the first map a trigger reads (one participant's), then by the outcome's trigger object.
const evaluations = new WeakMap<object, Map<TriggerDefinition, Remembered>>();

/** The versioned map a fact map reads as, if any (a view with no change reads as its base). */
function versioned(map: ReadonlyMap<unknown, unknown>): VersionedMap<unknown, unknown> | undefined {
  const underlying = map instanceof MapWithChanges ? map.unchanged : map;
  return underlying instanceof VersionedMap ? underlying : undefined;
}

/**
 * `type.evaluate(trigger, subject)`, reused from the last evaluation of the same trigger object
 * on the same participant's facts when the bounds and every map the trigger reads are unchanged
 * (same maps, same versions). Each fact of a participant is decided by evaluating every outcome
 * over the participant's whole history; a benefit week changes nothing an employment trigger
 * reads, so those need not be evaluated again. The occurrences are shared: never change them.
 */
export function rememberedEvaluation(type: TriggerType<TriggerDefinition>, trigger: TriggerDefinition, subject: TriggerSubject): TriggerOccurrence[] {
  const read: { map: VersionedMap<unknown, unknown>; version: number }[] = [];
  for (const kind of type.reads) {
    const map = versioned(subject.facts[kind]);
    if (map === undefined) return type.evaluate(trigger, subject);
    read.push({ map, version: map.version });
  }
  if (read.length === 0) return type.evaluate(trigger, subject);
  let byTrigger = evaluations.get(read[0].map);
  if (byTrigger === undefined) evaluations.set(read[0].map, (byTrigger = new Map<TriggerDefinition, Remembered>()));
  const last = byTrigger.get(trigger);
  if (
    last !== undefined &&
    last.from === subject.from &&
    last.until === subject.until &&
    last.lastDay === subject.lastDay &&
    last.limit === subject.limit &&
    last.read.every((earlier, i) => earlier.map === read[i].map && earlier.version === read[i].version)
  ) {
    return last.occurrences;
  }
  const occurrences = type.evaluate(trigger, subject);
  byTrigger.set(trigger, { from: subject.from, until: subject.until, lastDay: subject.lastDay, limit: subject.limit, read, occurrences });
  return occurrences;
}
