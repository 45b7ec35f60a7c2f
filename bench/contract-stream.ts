import { addDays, contractDecider, type ContractCommand, type ContractState } from '#domain';
import { benchContract, commandOf, factsInTurn } from './facts.js';
import { planOf } from './scale-cohort.js';

/**
 * One contract grown as bench:scale grows it (about 50 facts a participant), in the domain alone:
 * its stream as the store holds it (each event a line of JSON), and the state the decider left
 * (decide, then evolve each event, as the API's command side does).
 */
export function contractStream(contractId: string, participants: number): { lines: string[]; facts: number; decided: ContractState } {
  let state = contractDecider.initialState();
  const lines: string[] = [];
  let facts = 0;
  const started = Date.parse('2026-01-01T00:00:00Z');
  const run = (command: ContractCommand): void => {
    facts++;
    const now = new Date(started + lines.length).toISOString().replace('Z', '000Z');
    for (const event of contractDecider.decide(command, state, { nextVersion: lines.length + 1, now })) {
      lines.push(JSON.stringify({ ...event, streamVersion: lines.length + 1, recordedAt: now }));
      state = contractDecider.evolve(state, JSON.parse(lines[lines.length - 1]));
    }
  };
  run({ type: 'RegisterContract', data: { definition: benchContract(contractId) } });
  run({ type: 'ActivateContract', data: { activatedOn: '2018-09-01' } });
  const ids = Array.from({ length: participants }, (_, i) => `p_${String(i).padStart(43, '0')}`);
  ids.forEach((participantId, i) => {
    const { firstMonday } = planOf(i);
    run({ type: 'ReferParticipant', data: { participantId, referredOn: addDays(firstMonday, -7), intakeVariant: 'thorough', intakeOutcome: 'accepted' } });
  });
  ids.forEach((participantId, i) => run({ type: 'EnrolParticipant', data: { participantId, enrolledOn: planOf(i).firstMonday } }));
  for (const { participantId, fact } of factsInTurn(ids, planOf)) run(commandOf(participantId, fact) as ContractCommand);
  return { lines, facts: facts - 2, decided: state };
}
