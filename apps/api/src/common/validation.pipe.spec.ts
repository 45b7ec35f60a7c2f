import 'reflect-metadata';
import { type Type, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { CONTRACT_COMMAND_TYPES } from '#domain';
import { bodyOfCommand } from '../command-endpoints.js';
import { dtoRulesOf, passesDtoRules } from './dto-rules.check.js';
import { REQUEST_VALIDATION, requestValidationPipe } from './validation.pipe.js';

// The request validation pipe takes a shortcut for bodies that pass (dto-rules.check.ts). Compared
// here with Nest's own pipe under the same options, on every command's DTO: an example body built
// from the DTO's documented examples, then that body with each field missing, null, of another
// type, empty, too long or beside an unknown field. Both must return the same instance or refuse
// with the same error; and the shortcut must be taken for the examples of the facts' DTOs.

// Where @nestjs/swagger keeps a DTO's documented properties (its `DECORATORS`, not exported).
const PROPERTIES = 'swagger/apiModelPropertiesArray';
const PROPERTY = 'swagger/apiModelProperties';

const nest = new ValidationPipe(REQUEST_VALIDATION);
const ours = requestValidationPipe();

function exampleOf(dto: Type<object>): Record<string, unknown> {
  const names = (Reflect.getMetadata(PROPERTIES, dto.prototype) as string[] | undefined) ?? [];
  const example: Record<string, unknown> = {};
  for (const name of names.map((n) => n.replace(/^:/, ''))) {
    const property = Reflect.getMetadata(PROPERTY, dto.prototype, name) as { example?: unknown; enum?: unknown[]; required?: boolean };
    if (property.required === false) continue;
    example[name] = property.example ?? property.enum?.[0];
  }
  return example;
}

function variantsOf(example: Record<string, unknown>): Array<Record<string, unknown>> {
  const variants: Array<Record<string, unknown>> = [example, { ...example, unknown: 'x' }, {}];
  for (const name of Object.keys(example)) {
    const { [name]: _left, ...without } = example;
    variants.push(without);
    for (const value of [null, 7, -1, 1.5, true, '', ' ', 'x'.repeat(5000), '2019-W54', 'abc', {}, [], ['x']]) variants.push({ ...example, [name]: value });
  }
  return variants;
}

async function outcomeOf(pipe: ValidationPipe, dto: Type<object>, body: Record<string, unknown>): Promise<unknown> {
  try {
    const value = await pipe.transform(structuredClone(body), { type: 'body', metatype: dto });
    return { returned: value, prototype: Object.getPrototypeOf(value) as unknown };
  } catch (error) {
    return { refused: error };
  }
}

// `Object`: a record the domain validates in full (the contract's definition), not a DTO.
const commandDtos = [...new Set(CONTRACT_COMMAND_TYPES.map((type) => bodyOfCommand(type)))].filter(
  (dto): dto is Type<object> => dto !== undefined && dto !== Object,
);

describe('the request validation pipe', () => {
  it.each(commandDtos.map((dto) => [dto.name, dto]))('answers as Nest’s validation pipe does for %s', async (_name, dto) => {
    for (const body of variantsOf(exampleOf(dto))) {
      expect({ body, outcome: await outcomeOf(ours, dto, body) }).toEqual({ body, outcome: await outcomeOf(nest, dto, body) });
    }
  });

  it('takes the shortcut for the facts a provider and a commissioner record', async () => {
    for (const type of ['RecordBenefitWeek', 'RecordPayrollEvidence', 'StartPlacement', 'EndPlacement'] as const) {
      const dto = bodyOfCommand(type)!;
      const rules = dtoRulesOf(dto);
      const passes = rules !== null && passesDtoRules(plainToInstance(dto, exampleOf(dto)), rules);
      expect({ type, passes }).toEqual({ type, passes: true });
      // And the comparison above is worth something for them: most variants are refused.
      const outcomes = await Promise.all(variantsOf(exampleOf(dto)).map((body) => outcomeOf(ours, dto, body)));
      expect(outcomes.filter((outcome) => 'refused' in (outcome as object)).length).toBeGreaterThan(outcomes.length / 2);
    }
  });
});
