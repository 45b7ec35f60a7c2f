import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { contractDecider, decodeContractState, encodeContractState, type ContractCommand, type ContractState } from '#domain';
import { computeFigures, contractEvidence, contractFigures, evidenceTables, ParticipantSummaries } from '#evidence';
import { contractStream } from './contract-stream.js';

/**
 * `node --expose-gc dist/bench/figures-cost.js [participants] [state file]` (after a build; 20,000
 * participants by default: about 1,060,000 facts, bench:scale's contract at a million facts, about
 * 40 s to grow): the evaluators' figures of one contract's state in the domain alone (no HTTP, no
 * database), as ContractEvidenceReader computes them: the first call, which summarises every
 * participant, and the heap the summaries hold; the same figures through the tables
 * (contractEvidence, evidenceTables, computeFigures); and FIGURES_ROUNDS (10) calls each after one
 * new fact, from the kept summaries. Fails when the figures differ. A state file, when given, keeps
 * the grown state between runs (encoded as a snapshot; written when missing).
 */
const PARTICIPANTS = Number(process.argv[2] ?? 20_000);
const ROUNDS = Number(process.env.FIGURES_ROUNDS ?? 10);
const STATE_FILE = process.argv[3];

function grown(): ContractState {
  if (STATE_FILE !== undefined && existsSync(STATE_FILE)) return decodeContractState(readFileSync(STATE_FILE, 'utf8'));
  const { decided } = contractStream('bench-figures-cost', PARTICIPANTS);
  if (STATE_FILE !== undefined) writeFileSync(STATE_FILE, encodeContractState(decided));
  return decided;
}

let state = grown();
console.log(`${state.participants.size} participants, version ${state.version}, ledger ${state.ledger.size}`);

const ms = (started: number): string => `${(performance.now() - started).toFixed(1)} ms`;
const ids = [...state.participants.keys()];
let week = 0;
/** One new fact, as the scale bench records before each read: a benefit week of one participant. */
function newFact(): void {
  const participantId = ids[week % ids.length];
  const iso = `2025-W${String((week % 52) + 1).padStart(2, '0')}`;
  week++;
  const command = { type: 'RecordBenefitWeek', data: { participantId, week: iso, benefitPaid: true, source: 'figures-cost' } } as ContractCommand;
  const now = '2026-01-02T00:00:00.000000Z';
  for (const event of contractDecider.decide(command, state, { nextVersion: state.version + 1, now })) {
    state = contractDecider.evolve(state, { ...event, streamVersion: state.version + 1, recordedAt: now });
  }
}

const observedOn = '2026-01-01';
/** The figures as the reader computed them before participant summaries (less the copy of the state it made first). */
const reference = (of: ContractState) => computeFigures(evidenceTables(contractEvidence(of, observedOn)));
const gc = (globalThis as { gc?: () => void }).gc;
const heapUsed = (): number => {
  for (let i = 0; i < 3; i++) gc?.();
  return process.memoryUsage().heapUsed;
};
const heapBefore = heapUsed();
const summaries = new ParticipantSummaries();
let t = performance.now();
const cold = contractFigures(state, observedOn, summaries);
console.log(`first call (every participant summarised): ${ms(t)}`);
if (gc !== undefined) console.log(`summaries kept: ${((heapUsed() - heapBefore) / 2 ** 20).toFixed(1)} MiB (node --expose-gc)`);
t = performance.now();
const expected = reference(state);
console.log(`contractEvidence, evidenceTables, computeFigures: ${ms(t)}`);
if (JSON.stringify(cold.figures) !== JSON.stringify(expected)) throw new Error('the figures differ from computeFigures of the tables');
const times: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  newFact();
  t = performance.now();
  contractFigures(state, observedOn, summaries);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
console.log(
  `after a new fact (${ROUNDS} calls): p50 ${times[Math.floor(ROUNDS / 2)].toFixed(1)} ms, min ${times[0].toFixed(1)} ms, max ${times[ROUNDS - 1].toFixed(1)} ms`,
);
if (JSON.stringify(contractFigures(state, observedOn, summaries).figures) !== JSON.stringify(reference(state)))
  throw new Error('the figures differ after new facts');
