import { type ContractState, instantOf, replay } from '#domain';
import type { RecordedEvent } from '#event-store';
import { foldParticipantPart } from './participant-history.service.js';
import { LEDGER_MOVE_EVENT_TYPES, participantTimelineHead } from './participant-timeline.view.js';
import { cmd, PAY, workedExample } from './testing/worked-example.fixture.js';

/**
 * The worked example (its reversed payment's money recovered), then what is about the contract as a whole between the participants' facts:
 * an amendment raising the per-participant cap, a termination proposal withdrawn, the termination,
 * a settlement proposed and agreed (superseding P1's open amounts), and a confirmation after it
 * (a settlement adjustment).
 */
function contractWithEverything(): RecordedEvent[] {
  const { h } = workedExample(6);
  h.record(cmd.recover(PAY('P1', 'SELF_SUPPORT_26W', 1, 1), 'REC-2', '2019-09-01'));
  const definition = structuredClone(h.state.definition!);
  definition.title = `${definition.title}, amended`;
  definition.caps.perParticipant = (definition.caps.perParticipant ?? 0) + 1_000_000;
  h.record(cmd.amend(definition));
  h.record(cmd.refer('P4'));
  h.record(cmd.proposeTermination('commissioner', '2019-11-30', 'expectedValue'));
  h.record(cmd.withdrawTermination(1, 'commissioner'));
  h.record(cmd.enrol('P4', '2019-02-04'));
  h.record(cmd.terminate('2019-12-31'));
  h.record(cmd.propose('commissioner', 'aalborg-kommune'));
  // Agreed once final (after the grace for late facts), then a payment confirmed after it.
  const final = instantOf(new Date(Date.UTC(2020, 2, 5)));
  h.run(cmd.agree(1, 'investor', 'den-sociale-kapitalfond'), final);
  h.run(cmd.confirm(PAY('P1', 'JOB_13W', 1, 1), 'PAY-3', '2020-01-10'), final);
  return h.stored;
}

const data = (event: RecordedEvent) => event.data as { participantId?: string; paymentId?: string };

/** What the store's readStreamLevelEvents answers, filtered here from the whole stream. */
const streamLevel = (events: readonly RecordedEvent[]) => events.filter((e) => data(e).participantId === undefined && data(e).paymentId === undefined);

/** What the store's readParticipantEvents answers with LEDGER_MOVE_EVENT_TYPES, filtered here from the whole stream. */
function participantEvents(events: readonly RecordedEvent[], participantId: string): RecordedEvent[] {
  const own = events.filter((e) => data(e).participantId === participantId);
  const payments = new Set(own.map((e) => data(e).paymentId).filter((id) => id !== undefined));
  const moves = events.filter(
    (e) => data(e).participantId === undefined && payments.has(data(e).paymentId ?? '') && LEDGER_MOVE_EVENT_TYPES.some((type) => type === e.type),
  );
  return [...own, ...moves].sort((a, b) => a.streamVersion - b.streamVersion);
}

/** What the part holds of the contract as a whole: all but the participants, the ledger, the totals, the settlement's agreement and payments, and the last instant. */
function contractLevelOf({ participants: _p, ledger: _l, totals: _t, settlement, lastRecordedAt: _r, ...contract }: ContractState) {
  return { ...contract, settlementProposals: settlement.proposals };
}

describe("foldParticipantPart: a participant's part of the state is the whole fold's, at every version", () => {
  const stream = contractWithEverything();
  const participants = ['P1', 'P2', 'P3', 'P4'];

  it('covers what the part must get right: amendments, proposals, termination, settlement, every payment move', () => {
    const types = new Set(stream.map((e) => e.type));
    for (const type of [
      'ContractAmended',
      'TerminationProposed',
      'TerminationProposalWithdrawn',
      'ContractTerminated',
      'SettlementAgreed',
      'SettlementAdjusted',
      'OutcomeReversed',
      ...LEDGER_MOVE_EVENT_TYPES,
    ]) {
      expect(types).toContain(type);
    }
  });

  it('gives every participant, its ledger entries, the terms, the termination and the proposals as the whole fold does', () => {
    let compared = 0;
    for (let version = 0; version <= stream.length; version += 1) {
      const prefix = stream.slice(0, version);
      const whole = replay(prefix);
      for (const participantId of participants) {
        const part = foldParticipantPart(streamLevel(prefix), participantEvents(prefix, participantId), version);
        expect({ at: version, participantId, ...contractLevelOf(part) }).toEqual({ at: version, participantId, ...contractLevelOf(whole) });
        expect({ version, participantId, participant: part.participants.get(participantId) }).toEqual({
          version,
          participantId,
          participant: whole.participants.get(participantId),
        });
        expect([...part.participants.keys()]).toEqual(whole.participants.has(participantId) ? [participantId] : []);
        const entries = [...whole.ledger.values()].filter((entry) => entry.participantId === participantId);
        expect({ version, participantId, ledger: [...part.ledger.values()] }).toEqual({ version, participantId, ledger: entries });
        if (whole.status !== 'unregistered') {
          expect(participantTimelineHead(part, participantId, 'AS-OF')).toEqual(participantTimelineHead(whole, participantId, 'AS-OF'));
        }
        compared += entries.length;
      }
    }
    expect(compared).toBeGreaterThan(200);
  });
});
