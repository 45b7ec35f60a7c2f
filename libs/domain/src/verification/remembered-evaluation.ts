import { MapWithChanges } from '../shared/map-with-changes.js';
import { VersionedMap } from '../shared/versioned-map.js';
import type { TriggerDefinition } from './triggers/trigger.registry.js';
import type { TriggerOccurrence, TriggerSubject, TriggerType } from './triggers/trigger.js';

interface Remembered {
  from: number;
  until: number;
  lastDay: number;
  limit: number;
  /** The maps the trigger read (in the order of its `reads`), and their versions then. */
  maps: readonly VersionedMap<unknown, unknown>[];
  versions: readonly number[];
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
  const { reads } = type;
  const first = reads.length === 0 ? undefined : versioned(subject.facts[reads[0]]);
  if (first === undefined) return type.evaluate(trigger, subject);
  let byTrigger = evaluations.get(first);
  if (byTrigger === undefined) evaluations.set(first, (byTrigger = new Map<TriggerDefinition, Remembered>()));
  const last = byTrigger.get(trigger);
  // Checked without allocating: most evaluations of a participant's fact are reused.
  let same =
    last !== undefined && last.from === subject.from && last.until === subject.until && last.lastDay === subject.lastDay && last.limit === subject.limit;
  for (let i = 0; i < reads.length; i++) {
    const map = i === 0 ? first : versioned(subject.facts[reads[i]]);
    if (map === undefined) return type.evaluate(trigger, subject);
    same &&= last!.maps[i] === map && last!.versions[i] === map.version;
  }
  if (same) return last!.occurrences;
  const maps = reads.map((kind) => versioned(subject.facts[kind])!);
  const occurrences = type.evaluate(trigger, subject);
  byTrigger.set(trigger, {
    from: subject.from,
    until: subject.until,
    lastDay: subject.lastDay,
    limit: subject.limit,
    maps,
    versions: maps.map((map) => map.version),
    occurrences,
  });
  return occurrences;
}
