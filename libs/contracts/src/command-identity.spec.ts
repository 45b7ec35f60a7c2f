import type { ContractCommand } from '#domain';
import { commandFingerprint, commandIdentity } from './command-identity.js';

const week = (data: Record<string, unknown>) => ({ type: 'RecordBenefitWeek', data }) as ContractCommand;
const W06 = week({ participantId: 'p_1', week: '2019-W06', benefitPaid: false, source: 'DREAM' });

describe('commandIdentity', () => {
  it('scopes the key to the principal: the same key from two principals is two command ids, from one it is one', () => {
    const kommune = commandIdentity(W06, '2019-02-batch-1', { actor: 'commissioner:aalborg-kommune' });
    const fokus = commandIdentity(W06, '2019-02-batch-1', { actor: 'provider:fokus-folkeoplysning' });
    expect(kommune.commandId).not.toBe(fokus.commandId);
    expect(commandIdentity(W06, '2019-02-batch-1', { actor: 'commissioner:aalborg-kommune', correlationId: 'other' }).commandId).toBe(kommune.commandId);
    // The caller's own key stays readable next to the actor.
    expect(kommune.metadata).toEqual({ actor: 'commissioner:aalborg-kommune', idempotencyKey: '2019-02-batch-1' });
  });

  it("fingerprints the command's type and data, whatever the order of their fields", () => {
    const reordered = week({ source: 'DREAM', benefitPaid: false, week: '2019-W06', participantId: 'p_1' });
    expect(commandFingerprint(reordered)).toBe(commandFingerprint(W06));
    expect(commandFingerprint(week({ participantId: 'p_1', week: '2019-W06', benefitPaid: true, source: 'DREAM' }))).not.toBe(commandFingerprint(W06));
    expect(commandFingerprint({ ...W06, type: 'EnrolParticipant' } as ContractCommand)).not.toBe(commandFingerprint(W06));
    expect(commandFingerprint(W06)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives a command without a key no id and no fingerprint, and refuses a key without a principal', () => {
    expect(commandIdentity(W06, undefined, { actor: 'commissioner:aalborg-kommune' })).toEqual({ metadata: { actor: 'commissioner:aalborg-kommune' } });
    expect(() => commandIdentity(W06, '2019-02-batch-1', {})).toThrow(/actor/);
  });
});
