import { getMetadataStorage, type ValidationArguments, ValidationTypes } from 'class-validator';

// A DTO's class-validator rules gathered once per class, so that a request whose fields all pass
// costs a call of each rule and nothing else. class-validator's own `validate` looks the class's
// rules up again on every call (filtering every rule it knows), and builds an error object per
// field and a promise per call even when nothing fails: profiled, about two thirds of the
// validation pipe's CPU on a recorded fact. The rules called are class-validator's own (the same
// constraint instances, with the same arguments), so a value passes here only if it passes there;
// anything this does not gather (nested DTOs, `each`, groups, asynchronous rules, IsDefined,
// Allow) leaves the class to class-validator, and so does every value that fails here, so that
// the refusals and their messages are class-validator's.

interface Rule {
  validate(value: unknown, args: ValidationArguments): unknown;
  constraints: unknown[];
}

interface FieldRules {
  property: string;
  /** IsOptional, ValidateIf: the field's rules apply only when all of these say so. */
  conditions: Array<(object: object, value: unknown) => boolean>;
  rules: Rule[];
}

export interface DtoRules {
  fields: readonly FieldRules[];
  /** The fields the DTO declares: a value with any other own key is left to class-validator. */
  declared: ReadonlySet<string>;
}

const gathered = new WeakMap<Function, DtoRules | null>();

/** The rules of a DTO class, or null when it has rules this does not gather (then class-validator alone judges it). */
export function dtoRulesOf(dtoClass: Function): DtoRules | null {
  let rules = gathered.get(dtoClass);
  if (rules === undefined) gathered.set(dtoClass, (rules = gather(dtoClass)));
  return rules;
}

function gather(dtoClass: Function): DtoRules | null {
  const storage = getMetadataStorage();
  // As class-validator's `validate` asks, with the options the validation pipe gives it (no groups, `always` off).
  const metadatas = storage.getTargetValidationMetadatas(dtoClass, '', false, false, undefined);
  if (metadatas.length === 0) return null;
  const byField = new Map<string, FieldRules>();
  for (const metadata of metadatas) {
    if (metadata.each || metadata.always !== undefined || metadata.groups?.length || metadata.validateIf !== undefined) return null;
    let field = byField.get(metadata.propertyName);
    if (field === undefined) byField.set(metadata.propertyName, (field = { property: metadata.propertyName, conditions: [], rules: [] }));
    if (metadata.type === ValidationTypes.CONDITIONAL_VALIDATION) {
      field.conditions.push(metadata.constraints[0] as (object: object, value: unknown) => boolean);
    } else if (metadata.type === ValidationTypes.CUSTOM_VALIDATION) {
      for (const constraint of storage.getTargetValidatorConstraints(metadata.constraintCls)) {
        if (constraint.async) return null;
        const instance = constraint.instance;
        field.rules.push({ validate: (value, args) => instance.validate(value, args), constraints: metadata.constraints });
      }
    } else {
      return null;
    }
  }
  return { fields: [...byField.values()], declared: new Set(byField.keys()) };
}

/**
 * Whether `entity` (the DTO instance class-transformer made of a request's input) passes every
 * rule of `rules`: true only when class-validator would find nothing to refuse, whitelist
 * included. False says nothing: class-validator then judges it and words the refusal.
 */
export function passesDtoRules(entity: object, rules: DtoRules): boolean {
  for (const key of Object.keys(entity)) if (!rules.declared.has(key)) return false;
  const record = entity as Record<string, unknown>;
  const targetName = entity.constructor.name;
  for (const field of rules.fields) {
    const value = record[field.property];
    if (!field.conditions.every((condition) => condition(entity, value))) continue;
    for (const rule of field.rules) {
      const passed = rule.validate(value, { targetName, property: field.property, object: entity, value, constraints: rule.constraints });
      // A promise (an asynchronous rule registered as synchronous) is left to class-validator.
      if (passed !== true) return false;
    }
  }
  return true;
}
