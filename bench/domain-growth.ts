import { contractDecider, type ContractCommand, type ContractState } from '#domain';
import { benchContract, commandOf, participantFacts, referralAndEnrolment, TYPICAL_PLAN } from './facts.js';

/** The domain alone (decide + evolve, no store): CPU µs per fact as each participant's history grows. */
const PARTICIPANTS = Number(process.env.GROW_PARTICIPANTS ?? 200);
let state: ContractState = contractDecider.initialState();
let version = 0;
const now = '2026-01-01T00:00:00.000000Z';
const run = (command: ContractCommand): number => {
  const events = contractDecider.decide(command, state, { nextVersion: version + 1, now });
  for (const event of events) {
    version++;
    state = contractDecider.evolve(state, { ...event, streamVersion: version, recordedAt: now });
  }
  return events.length;
};
run({ type: 'RegisterContract', data: { definition: benchContract('grow') } });
run({ type: 'ActivateContract', data: { activatedOn: '2018-09-01' } });
const ids = Array.from({ length: PARTICIPANTS }, (_, i) => `p_${String(i).padStart(32, '0')}`);
for (const id of ids) for (const request of referralAndEnrolment(id, { actor: 'x' })) run(request.command);
const scripts = ids.map((id) => ({ id, facts: participantFacts(TYPICAL_PLAN) }));
console.log('facts per participant\tµs per fact\tevents');
for (let window = 0; window < 10; window++) {
  const started = process.cpuUsage();
  let facts = 0;
  let events = 0;
  for (let round = 0; round < 25; round++) {
    for (const script of scripts) {
      const next = script.facts.next();
      if (next.done) continue;
      events += run(commandOf(script.id, next.value) as ContractCommand);
      facts++;
    }
  }
  const used = process.cpuUsage(started);
  if (facts > 0) console.log(`${(window + 1) * 25}\t${((used.user + used.system) / facts).toFixed(1)}\t${events}`);
}
