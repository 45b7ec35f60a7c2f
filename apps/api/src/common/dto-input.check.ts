import { getMetadataStorage } from 'class-validator';
import { containsCprShaped } from '#domain';
import { cprNumberFieldsOf } from './dto-fields.js';
import { childPath, isSafeFieldName, reportedPath } from './field-path.js';
import { isStorableText, MAX_JSON_DEPTH } from './untrusted-json.js';

// What is checked of a request's input before its DTO sees it (class-transformer silently drops
// keys such as `prototype` or `constructor`, and a DTO's checks look at one field at a time):
// the input is an object whose own keys are all fields the DTO declares, no key at any depth is
// one Nest's validation pipe would silently delete (`__proto__`, `prototype`, `constructor`), and
// no string in it, at any depth, is CPR-shaped unless it is a field declared with CprNumberField.
// Used for request bodies and query strings (request-input.pipe.ts, declared-inputs.guard.ts) and for import lines' data.

export interface InputProblem {
  /** The field at fault, as a path under the input's root (the root itself when nothing finer can be named). */
  field: string;
  message: string;
}

const declared = new WeakMap<Function, ReadonlySet<string>>();

/** The properties a DTO class declares through its validation decorators (inherited ones included). */
export function declaredFieldsOf(dtoClass: Function): ReadonlySet<string> {
  let fields = declared.get(dtoClass);
  if (fields === undefined) {
    fields = new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(dtoClass, '', true, false)
        .map((m) => m.propertyName),
    );
    declared.set(dtoClass, fields);
  }
  return fields;
}

/**
 * The first problem of `input` as the input of `dtoClass`, or undefined. Without a DTO class (a
 * body the domain validates in full, such as a contract definition) only its strings are checked;
 * a DTO class that declares no field (an empty body) takes none.
 * `root` is the path of the input itself: '' for a request body or query string, `data` for an
 * import line's data; `whole` names the input when no finer field can be (`body`, `query`).
 */
export function inputProblemOf(input: unknown, dtoClass: Function | undefined, root: string, whole = root === '' ? 'body' : root): InputProblem | undefined {
  const fields = dtoClass === undefined ? undefined : declaredFieldsOf(dtoClass);
  if (fields !== undefined) {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) return { field: whole, message: `${whole} must be a JSON object.` };
    for (const key of Object.keys(input)) {
      if (fields.has(key)) continue;
      const known = fields.size === 0 ? 'none' : [...fields].join(', ');
      return isSafeFieldName(key)
        ? { field: childPath(root, key), message: `${childPath(root, key)} is not a known field (known: ${known}).` }
        : { field: whole, message: `${whole} holds a field whose name is not allowed (known fields: ${known}).` };
    }
  }
  const cprPaths = dtoClass === undefined ? NONE : cprPathsOf(dtoClass, root);
  return textProblemOf(input, root, whole, 0, (path) => cprPaths.has(path));
}

const NONE: ReadonlySet<string> = new Set();
const STRIPPED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'prototype', 'constructor']);
const cprPaths = new WeakMap<Function, Map<string, ReadonlySet<string>>>();

/** The paths, under `root`, of a DTO's CprNumberFields. */
function cprPathsOf(dtoClass: Function, root: string): ReadonlySet<string> {
  let byRoot = cprPaths.get(dtoClass);
  if (byRoot === undefined) cprPaths.set(dtoClass, (byRoot = new Map<string, ReadonlySet<string>>()));
  let paths = byRoot.get(root);
  if (paths === undefined) byRoot.set(root, (paths = new Set(cprNumberFieldsOf(dtoClass).map((field) => childPath(root, field)))));
  return paths;
}

function textProblemOf(value: unknown, path: string, whole: string, depth: number, takesCpr: (path: string) => boolean): InputProblem | undefined {
  const named = reportedPath(path) || whole;
  if (typeof value === 'string') {
    if (!isStorableText(value))
      return { field: named, message: `${named} holds a character that cannot be stored (U+0000, or half of a UTF-16 surrogate pair).` };
    if (containsCprShaped(value) && !takesCpr(path)) {
      return { field: named, message: `${named} must not contain a CPR number (only a referral’s cpr takes one).` };
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  if (depth >= MAX_JSON_DEPTH) return { field: named, message: `${named} nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep.` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = textProblemOf(value[i], childPath(path, i), whole, depth + 1, takesCpr);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, member] of Object.entries(value)) {
    if (!isStorableText(key) || containsCprShaped(key)) {
      return { field: named, message: `${named} holds a field whose name is not allowed (a CPR number, U+0000 or half of a surrogate pair).` };
    }
    // Nest's validation pipe deletes these keys wherever they are, before anyone could refuse them.
    if (STRIPPED_KEYS.has(key)) {
      const field = reportedPath(childPath(path, key)) || whole;
      return { field, message: `${field} is not a known field.` };
    }
    const found = textProblemOf(member, childPath(path, key), whole, depth + 1, takesCpr);
    if (found !== undefined) return found;
  }
  return undefined;
}
