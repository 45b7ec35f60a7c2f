import { createHash } from 'node:crypto';
import { commandMetadata, correlationIdOf } from './command-metadata.js';
import { actorOf, canAccessContract, InvalidPrincipalError, validatePrincipal } from './principal.js';
import { isRole, ROLES } from './role.js';
import { generateToken, hashToken, looksLikeToken } from './token.js';

describe('roles and principals', () => {
  it('knows the six roles of docs/rules.md §2', () => {
    expect(ROLES).toEqual(['commissioner', 'provider', 'investor', 'payment-service', 'auditor', 'evaluator']);
    expect(isRole('auditor')).toBe(true);
    expect(isRole('admin')).toBe(false);
  });

  it('names the actor role:name', () => {
    expect(actorOf({ name: 'fokus-folkeoplysning', role: 'provider' })).toBe('provider:fokus-folkeoplysning');
  });

  it('scopes a principal to its contracts, or to all', () => {
    expect(canAccessContract({ contracts: ['aalborg-impact60'] }, 'aalborg-impact60')).toBe(true);
    expect(canAccessContract({ contracts: ['aalborg-impact60'] }, 'odense-impact')).toBe(false);
    expect(canAccessContract({ contracts: [] }, 'aalborg-impact60')).toBe(false);
    expect(canAccessContract({ contracts: '*' }, 'anything')).toBe(true);
  });

  it('validates a principal, listing every problem', () => {
    expect(validatePrincipal({ name: 'aalborg-kommune', role: 'commissioner', contracts: ['a-1', 'a-1', 'b-2'] })).toEqual({
      name: 'aalborg-kommune',
      role: 'commissioner',
      party: null,
      contracts: ['a-1', 'b-2'],
    });
    expect(validatePrincipal({ name: 'revisor', role: 'auditor', contracts: '*' }).contracts).toBe('*');
    const attempt = () => validatePrincipal({ name: 'Aalborg:Kommune', role: 'admin', contracts: ['ok-id', 'Bad Id'] });
    expect(attempt).toThrow(InvalidPrincipalError);
    expect(attempt).toThrow(/name "Aalborg:Kommune".*role "admin" must be one of: commissioner.*"Bad Id"/);
    expect(() => validatePrincipal({ name: 'aalborg-kommune', role: 'commissioner', contracts: [] })).toThrow(/non-empty list/);
  });

  it('refuses a name holding a CPR number, without repeating it: the name is the actor on every fact', () => {
    const attempt = () => validatePrincipal({ name: 'sagsbehandler-010190-1234', role: 'provider', contracts: ['aalborg-impact60'] });
    expect(attempt).toThrow('name must not contain a CPR number');
    expect(attempt).not.toThrow(/010190/);
    expect(validatePrincipal({ name: 'team-2019-1234', role: 'provider', contracts: '*' }).name).toBe('team-2019-1234');
  });
});

describe('the party a principal speaks for', () => {
  it('is absent (null) for a role-wide principal, of any role', () => {
    expect(validatePrincipal({ name: 'revisor', role: 'auditor', contracts: '*' }).party).toBeNull();
    expect(validatePrincipal({ name: 'aalborg-kommune', role: 'commissioner', party: null, contracts: ['a-1'] }).party).toBeNull();
  });

  it('is a party id of a definition, for the roles that are parties of one', () => {
    expect(validatePrincipal({ name: 'aalborg-kommune', role: 'commissioner', party: 'aalborg-kommune', contracts: ['a-1'] })).toEqual({
      name: 'aalborg-kommune',
      role: 'commissioner',
      party: 'aalborg-kommune',
      contracts: ['a-1'],
    });
    expect(validatePrincipal({ name: 'kapitalfonden', role: 'investor', party: 'den-sociale-kapitalfond', contracts: '*' }).party).toBe(
      'den-sociale-kapitalfond',
    );
    // The definition's party ids may hold dots and underscores and be longer than a name; so may a principal's party.
    const long = `fokus.folkeoplysning_${'x'.repeat(107)}`;
    expect(long).toHaveLength(128);
    expect(validatePrincipal({ name: 'fokus', role: 'provider', party: long, contracts: ['a-1'] }).party).toBe(long);
  });

  it('refuses a party of another shape, naming it', () => {
    for (const party of ['Aalborg-Kommune', '-aalborg', 'aalborg kommune', '', `a${'x'.repeat(128)}`, 42]) {
      expect(() => validatePrincipal({ name: 'aalborg-kommune', role: 'commissioner', party, contracts: ['a-1'] })).toThrow(
        `party ${JSON.stringify(party)} must be an identifier of 1 to 128 lowercase letters`,
      );
    }
  });

  it('refuses a party for a role that is no party of a contract', () => {
    for (const role of ['payment-service', 'auditor', 'evaluator']) {
      expect(() => validatePrincipal({ name: 'rigsrevisionen', role, party: 'rigsrevisionen', contracts: '*' })).toThrow(
        `role ${role} speaks for no party of a contract: only commissioner, investor, provider may have a party`,
      );
    }
  });

  it('refuses a CPR-shaped party without repeating it, like a name', () => {
    for (const party of ['010190-1234', 'sagsbehandler-0101901234', 'X010190-1234']) {
      const attempt = () => validatePrincipal({ name: 'aalborg-kommune', role: 'commissioner', party, contracts: ['a-1'] });
      expect(attempt).toThrow('party must not contain a CPR number');
      expect(attempt).not.toThrow(/010190/);
    }
  });

  it('lists a party problem with the others', () => {
    expect(() => validatePrincipal({ name: 'A', role: 'auditor', party: 'Bad Party', contracts: [] })).toThrow(
      /^name "A" must be .*; party "Bad Party" must be .*; role auditor speaks for no party .*; contracts must be a non-empty list/,
    );
  });
});

describe('tokens', () => {
  it('are ovt_ and 32 random bytes in base64url, stored as their SHA-256', () => {
    const token = generateToken();
    expect(token).toMatch(/^ovt_[A-Za-z0-9_-]{43}$/);
    expect(looksLikeToken(token)).toBe(true);
    expect(generateToken()).not.toBe(token);
    expect(Buffer.from(token.slice(4), 'base64url')).toHaveLength(32);
    expect(hashToken(token).equals(createHash('sha256').update(token).digest())).toBe(true);
    expect(looksLikeToken('ovt_short')).toBe(false);
    expect(looksLikeToken(`xyz_${token.slice(4)}`)).toBe(false);
  });
});

describe('command metadata', () => {
  it('names the actor and carries the correlation id', () => {
    expect(commandMetadata({ name: 'aalborg-kommune', role: 'commissioner' }, 'req-1')).toEqual({
      actor: 'commissioner:aalborg-kommune',
      correlationId: 'req-1',
    });
  });

  it('takes the correlation id from request.id (the HTTP server sets it)', () => {
    expect(correlationIdOf({ id: 'audit-2026-11' })).toBe('audit-2026-11');
    expect(correlationIdOf({})).toMatch(/^[0-9a-f-]{36}$/);
  });
});
