import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CONTRACT_COMMAND_TYPES, MAX_PAYMENT_ID_LENGTH } from '#domain';
import { commandControllersIn, COMMAND_ENDPOINTS, rolesOfCommand, routeOfCommand } from './command-endpoints.js';
import { declaredFieldsOf } from './common/dto-input.check.js';
import { CONTRACT_LEVEL_COMMANDS, IMPORTABLE_COMMANDS } from './imports/importable-commands.js';

describe('the endpoints of the command catalogue', () => {
  it('names, for every command, a route with its roles', () => {
    for (const type of CONTRACT_COMMAND_TYPES) {
      expect({ type, route: routeOfCommand(type) }).toEqual({ type, route: expect.stringMatching(/^(POST|GET) \/contracts/) });
      expect(rolesOfCommand(type).length).toBeGreaterThan(0);
    }
    expect(routeOfCommand('ActivateContract')).toBe('POST /contracts/:contractId/activation');
    expect(rolesOfCommand('RecordBenefitWeek')).toEqual(['commissioner']);
  });

  it('splits the catalogue into what an import takes and what goes one at a time, with nothing left over', () => {
    expect([...IMPORTABLE_COMMANDS.keys(), ...CONTRACT_LEVEL_COMMANDS.keys()].sort()).toEqual([...CONTRACT_COMMAND_TYPES].sort());
    expect(CONTRACT_LEVEL_COMMANDS.get('ProposeSettlement')).toBe('POST /contracts/:contractId/settlement/proposals');
    expect(IMPORTABLE_COMMANDS.get('StartPlacement')?.roles).toEqual(['provider']);
  });

  it('checks an import line as its endpoint: what the path gives (in the path’s order), then the DTO’s fields', () => {
    const fields = (type: string) => [...declaredFieldsOf(IMPORTABLE_COMMANDS.get(type)!.dataClass)];
    expect(fields('EndPlacement')).toEqual(['participantId', 'placementId', 'endDate', 'reason']);
    expect(fields('RevokePayrollEvidence')).toEqual(['participantId', 'evidenceId', 'reason']);
    expect(fields('ConfirmRecovery')).toEqual(['paymentId', 'reference', 'recoveredOn']);
    expect(fields('ReferParticipant')).toEqual(['cpr', 'referredOn', 'intakeOutcome', 'intakeVariant']);
  });

  it("bounds an import line's paymentId as the route bounds it in the path", () => {
    const refused = (paymentId: string) =>
      validateSync(plainToInstance<object, object>(IMPORTABLE_COMMANDS.get('ConfirmPayment')!.dataClass, { paymentId }))
        .map((error) => error.property)
        .includes('paymentId');
    expect(refused('c:p:JOB_START:1:1')).toBe(false);
    expect(refused('x'.repeat(MAX_PAYMENT_ID_LENGTH))).toBe(false);
    expect(refused('x'.repeat(MAX_PAYMENT_ID_LENGTH + 1))).toBe(true);
  });

  it('gives every command controller to one HTTP module', () => {
    const registered = [...commandControllersIn('contracts'), ...commandControllersIn('settlement'), ...commandControllersIn('evidence')];
    expect(new Set(registered)).toEqual(new Set(Object.values(COMMAND_ENDPOINTS).map((endpoint) => endpoint.controller)));
    expect(registered.length).toBe(new Set(registered).size);
  });
});
