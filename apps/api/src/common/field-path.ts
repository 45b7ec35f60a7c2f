import { containsCprShaped } from '#domain';

// Where in a JSON value a problem is, as the `field` of an answer: `reason`, `data.source`,
// `outcomes[1].code`. A key is named only when it is a plain identifier (letters, digits,
// underscore) and not CPR-shaped: anything else could be personal data, so a problem at or under
// such a key is reported at its parent (`body`, or the whole line, when that is the root).

const SAFE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Marks a step that cannot be named; no safe name or index holds it. */
const UNNAMED = '#';

// Field names come from a small vocabulary: remembered, up to a bound.
const known = new Map<string, boolean>();

export function isSafeFieldName(key: string): boolean {
  let safe = known.get(key);
  if (safe === undefined) {
    safe = SAFE_NAME.test(key) && !containsCprShaped(key);
    if (known.size >= 10_000) known.clear();
    known.set(key, safe);
  }
  return safe;
}

/** The path of a member: `parent.key` or `parent[3]`. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (!isSafeFieldName(key)) return `${parent}${UNNAMED}`;
  return parent === '' ? key : `${parent}.${key}`;
}

/** What may be said of a path: all of it up to its first step that cannot be named. */
export function reportedPath(path: string): string {
  const unnamed = path.indexOf(UNNAMED);
  return unnamed === -1 ? path : path.slice(0, unnamed);
}
