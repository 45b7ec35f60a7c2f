import { IsOptional, IsString } from 'class-validator';
import { CivilDateField, CprNumberField, DomainObjectField, TextField } from './dto-fields.js';
import { declaredFieldsOf, inputProblemOf } from './dto-input.check.js';

class ReferralLike {
  @CprNumberField('the CPR number', '070190-1234') cpr!: string;
  @CivilDateField('when', '2019-01-02') referredOn!: string;
  @TextField('variant', 'thorough', true) intakeVariant?: string;
}

class WithLine extends ReferralLike {
  @IsOptional() @IsString() extra?: string;
}

/** An empty body (a party's answer to a proposal). */
class NoFields {}

class Amendment {
  @DomainObjectField('definition') definition!: Record<string, unknown>;
  @TextField('why', 'indexed') reason!: string;
}

describe('the check of input against a DTO', () => {
  it('knows the fields a DTO declares, inherited ones included', () => {
    expect([...declaredFieldsOf(WithLine)].sort()).toEqual(['cpr', 'extra', 'intakeVariant', 'referredOn']);
  });

  it('accepts the declared fields, and a CPR number in the CPR field only', () => {
    expect(inputProblemOf({ cpr: '070190-1234', referredOn: '2019-01-02' }, ReferralLike, '')).toBeUndefined();
    expect(inputProblemOf({ cpr: '070190-1234', referredOn: '2019-01-02', extra: 'x' }, WithLine, 'data')).toBeUndefined();
  });

  it('refuses keys the DTO does not declare, those class-transformer would drop included', () => {
    for (const key of ['prototype', 'constructor', 'hasOwnProperty', '__proto__', 'toString', 'note']) {
      const input = JSON.parse(`{"referredOn": "2019-01-02", ${JSON.stringify(key)}: 1}`);
      expect({ key, problem: inputProblemOf(input, ReferralLike, '')?.field }).toEqual({ key, problem: key });
      expect({ key, problem: inputProblemOf(input, ReferralLike, 'data')?.field }).toEqual({ key, problem: `data.${key}` });
    }
  });

  it('refuses every key in the body of a DTO that declares no field, those class-transformer would drop included', () => {
    expect(inputProblemOf({}, NoFields, '')).toBeUndefined();
    for (const key of ['hasOwnProperty', 'toString', 'note']) {
      expect({ key, problem: inputProblemOf(JSON.parse(`{${JSON.stringify(key)}: 1}`), NoFields, '')?.field }).toEqual({ key, problem: key });
    }
  });

  it('names an unknown key only when it is a plain identifier and not CPR-shaped', () => {
    for (const key of ['0701901234', 'note-070190-1234', 'a b', 'x\u0000']) {
      const problem = inputProblemOf({ [key]: 1 }, ReferralLike, '');
      expect(problem?.field).toBe('body');
      expect(problem?.message).not.toContain(key);
    }
    expect(inputProblemOf({ '0701901234': 1 }, ReferralLike, 'data')?.field).toBe('data');
  });

  it('refuses keys that Nest’s validation pipe would delete unseen, at any depth', () => {
    for (const key of ['__proto__', 'prototype', 'constructor']) {
      const input = JSON.parse(`{"definition": {"caps": {${JSON.stringify(key)}: {"x": 1}}}, "reason": "r"}`);
      expect(inputProblemOf(input, Amendment, '')?.field).toBe(`definition.caps.${key}`);
    }
    expect(inputProblemOf({ definition: { caps: { toString: 1 } }, reason: 'r' }, Amendment, '')).toBeUndefined(); // the domain refuses it
  });

  it('refuses a body that is not an object', () => {
    for (const input of [[], 'x', 12, true]) expect(inputProblemOf(input, ReferralLike, '')?.field).toBe('body');
  });

  it('refuses a CPR number in any other string, at any depth, naming where', () => {
    expect(inputProblemOf({ referredOn: '2019-01-02', intakeVariant: 'for 0701901234' }, ReferralLike, '')?.field).toBe('intakeVariant');
    expect(inputProblemOf({ definition: { title: 'x', parties: { provider: '070190-1234' } }, reason: 'r' }, Amendment, '')?.field).toBe(
      'definition.parties.provider',
    );
    expect(inputProblemOf({ definition: { outcomes: [{ code: 'A' }, { code: 'B%2D0701901234' }] }, reason: 'r' }, Amendment, '')?.field).toBe(
      'definition.outcomes[1].code',
    );
    expect(inputProblemOf({ definition: { '0701901234': 1 }, reason: 'r' }, Amendment, '')?.field).toBe('definition');
    // Without a DTO (a definition the domain validates in full), only the strings are checked.
    expect(inputProblemOf({ title: 'x', anything: ['070190-1234'] }, undefined, '')?.field).toBe('anything[0]');
    expect(inputProblemOf({ title: 'x', anything: ['ok'] }, undefined, '')).toBeUndefined();
  });

  it('refuses text that cannot be stored, in query strings too', () => {
    expect(inputProblemOf({ referredOn: '\u0000' }, ReferralLike, '')?.field).toBe('referredOn');
    expect(inputProblemOf({ cpr: '\ud800' }, ReferralLike, '')?.field).toBe('cpr');
  });
});
