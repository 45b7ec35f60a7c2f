import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Allow, IsBoolean, IsDefined, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { DATE_PATTERN, ID_PATTERN, ID_RULE, MAX_HOURS_PER_WEEK, MAX_TEXT_LENGTH, SHA256_PATTERN, WEEK_PATTERN } from '#domain';

// Shape checks at the HTTP edge, with OpenAPI documentation; the domain then checks meaning
// (a real calendar date, a week that exists, dates inside the contract) and names the field.
// Every string of a body, in whichever field, is also refused when it is CPR-shaped, except in a
// field declared with CprNumberField (see dto-input.check.ts).

const CPR_NUMBER_FIELDS = Symbol('cprNumberFields');

const DATE = DATE_PATTERN;
const WEEK = WEEK_PATTERN;
const ID = ID_PATTERN;

export function CivilDateField(description: string, example: string, optional = false): PropertyDecorator {
  return applyDecorators(
    (optional ? ApiPropertyOptional : ApiProperty)({ description: `${description} (civil date, Europe/Copenhagen)`, example, format: 'date' }),
    ...(optional ? [IsOptional()] : []),
    Matches(DATE, { message: '$property must be a date as YYYY-MM-DD' }),
  );
}

export function IsoWeekField(description: string, example: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ description: `${description} (ISO-8601 week, Monday first)`, example, pattern: WEEK.source }),
    Matches(WEEK, { message: '$property must be an ISO week as YYYY-Www' }),
  );
}

export function IdField(description: string, example: string, optional = false): PropertyDecorator {
  return applyDecorators(
    (optional ? ApiPropertyOptional : ApiProperty)({ description, example, pattern: ID.source }),
    ...(optional ? [IsOptional()] : []),
    Matches(ID, { message: `$property must be ${ID_RULE}` }),
  );
}

export function TextField(description: string, example: string, optional = false): PropertyDecorator {
  return applyDecorators(
    (optional ? ApiPropertyOptional : ApiProperty)({ description, example, maxLength: MAX_TEXT_LENGTH }),
    ...(optional ? [IsOptional()] : []),
    IsString(),
    MaxLength(MAX_TEXT_LENGTH),
  );
}

export function HoursField(description: string, example: number, optional = false): PropertyDecorator {
  return applyDecorators(
    (optional ? ApiPropertyOptional : ApiProperty)({ description, example, minimum: 0, maximum: MAX_HOURS_PER_WEEK }),
    ...(optional ? [IsOptional()] : []),
    IsNumber({ allowNaN: false, allowInfinity: false }),
    Min(0),
    Max(MAX_HOURS_PER_WEEK),
  );
}

/** Decimal digits only: no sign, space, exponent, hex or binary prefix, and no leading zero but in "0". */
const DECIMAL_INTEGER = /^(0|[1-9][0-9]*)$/;

/** The whole number `text` writes in decimal digits, when it lies in min..max (min >= 0); else undefined. */
export function decimalIntegerOf(text: string, min: number, max: number): number | undefined {
  if (text.length > String(max).length || !DECIMAL_INTEGER.test(text)) return undefined;
  const value = Number(text);
  return value >= min && value <= max ? value : undefined;
}

/**
 * A whole number from min to max, from the query string or the path: written in decimal digits as
 * decimalIntegerOf reads them, anything else refused naming the parameter.
 */
export function IntegerField(description: string, range: { min: number; max: number }, optional = false): PropertyDecorator {
  const message = `$property must be a whole number from ${range.min} to ${range.max}, in decimal digits`;
  return applyDecorators(
    (optional ? ApiPropertyOptional : ApiProperty)({ description, type: 'integer', minimum: range.min, maximum: range.max }),
    ...(optional ? [IsOptional()] : []),
    // A value that is not such a number stays text, and IsInt refuses it.
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? (decimalIntegerOf(value, range.min, range.max) ?? value) : value)),
    IsInt({ message }),
    Min(range.min, { message }),
    Max(range.max, { message }),
  );
}

export function BooleanField(description: string, example: boolean): PropertyDecorator {
  return applyDecorators(ApiProperty({ description, example }), IsBoolean());
}

export function OneOfField(description: string, values: readonly string[], example: string, optional = false): PropertyDecorator {
  return applyDecorators(
    (optional ? ApiPropertyOptional : ApiProperty)({ description, enum: values, example }),
    ...(optional ? [IsOptional()] : []),
    IsIn(values),
  );
}

export function Sha256Field(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      description: 'SHA-256 of the evidence document, 64 hex digits (recorded in lower case)',
      example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      pattern: SHA256_PATTERN.source,
    }),
    Matches(SHA256_PATTERN, { message: '$property must be 64 hex digits (SHA-256)' }),
  );
}

/**
 * A JSON value the domain validates in full (a contract definition, termination terms), handed to
 * it as it was sent: class-transformer would drop keys such as `constructor` or `toString` from
 * a nested object, and the domain refuses unknown keys only if it sees them.
 */
export function DomainObjectField(description: string, optional = false): PropertyDecorator {
  return applyDecorators(
    (optional ? ApiPropertyOptional : ApiProperty)({ description, oneOf: [{ type: 'object' }, { type: 'string' }] }),
    ...(optional ? [IsOptional()] : [IsDefined()]),
    Allow(),
    Transform(({ obj, key }) => (obj as Record<string, unknown>)[key]),
  );
}

/**
 * The one kind of field that takes a CPR number (the referral's `cpr`): turned into the keyed
 * pseudonym at once, never stored, logged or echoed; messages about it never contain it.
 */
export function CprNumberField(description: string, example: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ description, example }),
    Matches(/^\d{6}-?\d{4}$/, { message: '$property must be 10 digits as DDMMYY-SSSS' }),
    (target: object, property: string | symbol) => {
      const fields = cprNumberFieldsOf(target.constructor);
      Reflect.defineMetadata(CPR_NUMBER_FIELDS, [...fields, String(property)], target.constructor);
    },
  );
}

/** The properties of a DTO class declared with CprNumberField (its own and those it inherits). */
export function cprNumberFieldsOf(dtoClass: Function): readonly string[] {
  return (Reflect.getMetadata(CPR_NUMBER_FIELDS, dtoClass) as string[] | undefined) ?? [];
}
