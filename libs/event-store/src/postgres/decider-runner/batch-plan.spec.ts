import type { Decider } from '../../decider.js';
import type { NewEvent, RecordedEvent } from '../../event-envelope.js';
import { CommandIdReusedError } from '../../event-store.errors.js';
import { planBatch, type BatchPlanInput } from './batch-plan.js';

class Refused extends Error {}
type Command = { draw: number };
interface State {
  spent: number;
}
const budget: Decider<Command, State> = {
  initialState: () => ({ spent: 0 }),
  evolve: (state, event) => {
    state.spent += (event.data as { amount: number }).amount;
    return state;
  },
  decide: (command, state) => {
    if (command.draw === 0) return [];
    if (state.spent + command.draw > 10) throw new Refused('over budget');
    return [{ type: 'Drawn', data: { amount: command.draw } }];
  },
};
const asStored = (firstVersion: number, events: NewEvent[]): RecordedEvent[] =>
  events.map((event, i) => ({
    eventId: event.eventId,
    streamId: 's',
    streamVersion: firstVersion + i,
    globalPosition: 0n,
    transactionId: '',
    type: event.type,
    schemaVersion: 1,
    data: event.data,
    metadata: event.metadata ?? {},
    recordedAt: event.recordedAt!,
  }));
const input = (over: Partial<BatchPlanInput<Command, State>>): BatchPlanInput<Command, State> => ({
  decider: budget,
  state: { spent: 0 },
  version: 3,
  recordedAt: '2026-12-01T00:00:00.000000Z',
  envelopes: [],
  asStored,
  isRejection: (e) => e instanceof Refused || e instanceof CommandIdReusedError,
  ...over,
});
const envelope = (draw: number, commandId?: string, fingerprint?: string) => ({ streamId: 's', streamType: 't', command: { draw }, commandId, fingerprint });

describe('planBatch: the one decision step of both runner paths', () => {
  it('decides in order, each command against the state the previous left, and leaves the last unevolved', () => {
    const plan = planBatch(input({ envelopes: [envelope(4, 'a'), envelope(7, 'c'), envelope(5, 'b')], earlier: new Map() }));
    if (plan.kind !== 'planned') throw new Error('expected a plan');
    expect(plan.outcomes.map((o) => ('rejected' in o ? 'rejected' : o.version))).toEqual([4, 'rejected', 5]);
    expect(plan.pending.map((e) => e.metadata?.commandId)).toEqual(['a', 'b']);
    expect(plan.state.spent).toBe(4); // b's draw is evolved only once appended
    expect(plan.unevolved.map((e) => e.streamVersion)).toEqual([5]);
  });

  it('answers a command id seen earlier in the batch, or recorded before, as a retry, and refuses one bound to another command', () => {
    const before = asStored(2, [{ eventId: 'x', type: 'Drawn', data: { amount: 1 }, metadata: { commandId: 'old', fingerprint: 'f-old' }, recordedAt: 'r' }]);
    const plan = planBatch(
      input({
        envelopes: [envelope(2, 'old', 'f-old'), envelope(2, 'old', 'f-new'), envelope(3, 'n', 'f'), envelope(3, 'n', 'f'), envelope(1, 'elsewhere')],
        earlier: new Map<string, RecordedEvent[] | CommandIdReusedError>([
          ['old', before],
          ['elsewhere', new CommandIdReusedError('elsewhere', 'another-stream')],
        ]),
      }),
    );
    if (plan.kind !== 'planned') throw new Error('expected a plan');
    expect(plan.outcomes.map((o) => ('rejected' in o ? (o.rejected as CommandIdReusedError).reason : o.duplicate))).toEqual([
      true,
      'another-command',
      false,
      true,
      'another-stream',
    ]);
    expect(plan.pending).toHaveLength(1);
  });

  it('asks for the lookup when a command with an id records nothing or is refused and its ids were not looked up', () => {
    expect(planBatch(input({ envelopes: [envelope(0, 'a')] })).kind).toBe('needs-lookup');
    expect(planBatch(input({ envelopes: [envelope(11, 'a')] })).kind).toBe('needs-lookup');
    expect(planBatch(input({ envelopes: [envelope(0)] })).kind).toBe('planned');
    expect(planBatch(input({ envelopes: [envelope(0, 'a')], earlier: new Map() })).kind).toBe('planned');
  });

  it('throws an error that is no rejection, whatever the batch', () => {
    expect(() => planBatch(input({ envelopes: [envelope(11)], isRejection: () => false }))).toThrow(Refused);
  });

  it('plans a command that records more events than a call can take arguments (200,000: a termination of a national contract)', () => {
    const many = 200_000;
    const bulk: Decider<Command, State> = { ...budget, decide: () => Array.from({ length: many }, () => ({ type: 'Drawn', data: { amount: 0 } })) };
    const plan = planBatch(input({ decider: bulk, envelopes: [envelope(1, 'big')], earlier: new Map() }));
    if (plan.kind !== 'planned') throw new Error('expected a plan');
    expect(plan.pending).toHaveLength(many);
    expect(plan.recorded).toHaveLength(many);
    expect(plan.version).toBe(3 + many);
  });
});
