import { isDomainError } from '../shared/domain.error.js';
import { cmd, ContractHarness } from '../testing/contract.harness.js';
import type { ContractCommand } from './contract.commands.js';
import { decide } from './contract.decide.js';

const P = 'p_0123456789abcdef0123456789abcdef';

function exportCommand(overrides: Record<string, unknown> = {}): ContractCommand {
  return {
    type: 'RecordEvidenceExport',
    data: {
      exportId: 'x-1',
      takenAt: { streamVersion: 3, globalPosition: '17' },
      options: { dateGranularity: 'week', studyKey: null },
      packageSha256: 'AB'.repeat(32),
      packageBytes: 4096,
      ...overrides,
    } as never,
  };
}

function refusal(run: () => unknown): { code: string; field?: string } {
  try {
    run();
  } catch (error) {
    if (isDomainError(error)) return { code: error.code, field: error.field };
    throw error;
  }
  throw new Error('not refused');
}

describe('recording an evidence export', () => {
  const harness = new ContractHarness();
  harness.run(cmd.register());
  harness.run(cmd.activate());
  harness.run(cmd.refer(P));

  it('records what the package holds as one EvidenceExported fact, with the hash in lower case, and changes no state but the version', () => {
    const before = JSON.stringify([...harness.state.participants.values()].map((p) => p.facts.placements.size));
    const [event] = harness.run(exportCommand());
    expect(event).toMatchObject({
      type: 'EvidenceExported',
      data: {
        exportId: 'x-1',
        takenAt: { streamVersion: 3, globalPosition: '17' },
        options: { dateGranularity: 'week', studyKey: null },
        packageSha256: 'ab'.repeat(32),
        packageBytes: 4096,
      },
    });
    expect(harness.state.version).toBe(4);
    expect(JSON.stringify([...harness.state.participants.values()].map((p) => p.facts.placements.size))).toBe(before);
  });

  it('is accepted after a termination too (evaluation comes after the contract)', () => {
    const terminated = new ContractHarness();
    terminated.run(cmd.register());
    terminated.run(cmd.activate());
    terminated.run(cmd.terminate('2019-06-30'));
    const events = decide({
      command: exportCommand({ takenAt: { streamVersion: 2, globalPosition: '5' } }),
      state: terminated.state,
      now: '2026-01-01T00:00:00Z',
    });
    expect(events.map((e) => e.type)).toEqual(['EvidenceExported']);
  });

  it.each([
    [{ exportId: 'has space' }, 'exportId'],
    [{ packageSha256: 'zz' }, 'packageSha256'],
    [{ packageBytes: 0 }, 'packageBytes'],
    [{ takenAt: { streamVersion: 99, globalPosition: '1' } }, 'takenAt.streamVersion'],
    [{ takenAt: { streamVersion: 1, globalPosition: '-1' } }, 'takenAt.globalPosition'],
    [{ options: { dateGranularity: 'year', studyKey: null } }, 'options.dateGranularity'],
    [{ options: { dateGranularity: 'day', studyKey: 'x' } }, 'options.studyKey'],
    [{ options: { dateGranularity: 'day', studyKey: 'study-010190-1234' } }, 'options.studyKey'],
  ])('refuses %j naming the field', (overrides, field) => {
    expect(refusal(() => decide({ command: exportCommand(overrides), state: harness.state }))).toMatchObject({ field });
  });

  it('needs a registered contract', () => {
    expect(refusal(() => decide({ command: exportCommand(), state: new ContractHarness().state })).code).toBe('contract-not-found');
  });
});

describe('what the participant facts keep for evaluators', () => {
  it('a placement keeps the reason it ended with, and loses it when re-opened', () => {
    const h = new ContractHarness();
    h.run(cmd.register());
    h.run(cmd.activate());
    h.run(cmd.refer(P));
    h.run(cmd.enrol(P, '2019-01-07'));
    h.run(cmd.start(P, 'A', '2019-02-04'));
    h.run(cmd.end(P, 'A', '2019-03-10'));
    expect(h.state.participants.get(P)!.facts.placements.get('A')).toMatchObject({ endDate: '2019-03-10', endReason: 'contract ended' });
    h.run(cmd.correct(P, 'A', { endDate: null }));
    const reopened = h.state.participants.get(P)!.facts.placements.get('A')!;
    expect(reopened.endDate).toBeUndefined();
    expect(reopened.endReason).toBeUndefined();
  });

  it('a benefit week counts its records: a register correction makes it 2', () => {
    const h = new ContractHarness();
    h.run(cmd.register());
    h.run(cmd.activate());
    h.run(cmd.refer(P));
    h.run(cmd.enrol(P, '2019-01-07'));
    h.run(cmd.week(P, '2019-W06', false));
    h.run(cmd.week(P, '2019-W07', false));
    h.run(cmd.week(P, '2019-W06', true, 'DREAM correction'));
    const weeks = h.state.participants.get(P)!.facts.benefitWeeks;
    expect(weeks.get('2019-W06')).toMatchObject({ benefitPaid: true, records: 2 });
    expect(weeks.get('2019-W07')).toMatchObject({ benefitPaid: false, records: 1 });
  });
});
