import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { computeSettlement, contractDecider, type ContractState, decodeContractState, encodeContractState, settlementDigest, whatIfSettlement } from '#domain';
import { contractStream } from './contract-stream.js';

/**
 * `node dist/bench/settlement-scale.js [participants] [state file]` (20,000 by default: 1,000,000
 * facts, the scale bench's largest size): the §7 settlement of the contract bench:scale grows, in
 * the domain alone, so that a CPU profile (`node --cpu-prof`) shows where its time goes. Times
 * whatIfSettlement on 2019-06-30 before the termination and computeSettlement after it, each the
 * median of a few calls after one warm-up. A state file, when given, keeps the grown state between
 * runs (encoded as a snapshot; written when missing).
 */

const PARTICIPANTS = Number(process.argv[2] ?? 20_000);
const STATE_FILE = process.argv[3];
const TERMINATED_ON = '2019-06-30';
const NOW = '2026-12-08T00:00:00Z';
const CALLS = 7;

function grown(): ContractState {
  if (STATE_FILE !== undefined && existsSync(STATE_FILE)) return decodeContractState(readFileSync(STATE_FILE, 'utf8'));
  const { decided } = contractStream('bench-settlement-scale', PARTICIPANTS);
  if (STATE_FILE !== undefined) writeFileSync(STATE_FILE, encodeContractState(decided));
  return decided;
}

/** The median wall time and process CPU time (ms) of a call, after one warm-up call: on a shared machine the CPU time is the steadier. */
function median(call: () => unknown): { wall: number; cpu: number } {
  call();
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    call();
    const used = process.cpuUsage(cpu);
    walls.push(performance.now() - started);
    cpus.push((used.user + used.system) / 1000);
  }
  const middle = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(CALLS / 2)];
  return { wall: middle(walls), cpu: middle(cpus) };
}

const before = grown();
let terminated = before;
for (const event of contractDecider.decide({ type: 'TerminateContract', data: { effectiveOn: TERMINATED_ON, reason: 'settlement-scale' } }, before, {
  nextVersion: before.version + 1,
  now: NOW,
})) {
  terminated = contractDecider.evolve(terminated === before ? decodeContractState(encodeContractState(before)) : terminated, {
    ...event,
    streamVersion: terminated.version + 1,
    recordedAt: NOW,
  });
}
const settlement = computeSettlement(terminated, { now: NOW });
const participants = before.participants.size;
const whatIf = whatIfSettlement(before, { terminatedOn: TERMINATED_ON, now: NOW });
console.log(`${participants} participants, ${before.version} events; the settlement: ${settlement.lines.length} lines, future ${settlement.future}`);
// The digests of the money line by line and of the rates: a faster computation must leave them as they were.
console.log(`digests: settlement ${settlementDigest(settlement)}, what-if ${settlementDigest(whatIf)}`);
console.log(`rates: ${JSON.stringify(settlement.rates)}`);
for (const [name, call] of [
  ['whatIfSettlement', () => whatIfSettlement(before, { terminatedOn: TERMINATED_ON, now: NOW })],
  ['computeSettlement', () => computeSettlement(terminated, { now: NOW })],
] as const) {
  const { wall, cpu } = median(call);
  const perParticipant = (ms: number) => `${((ms * 1000) / participants).toFixed(1)} µs per participant`;
  console.log(`${name}: ${wall.toFixed(0)} ms (${perParticipant(wall)}), CPU ${cpu.toFixed(0)} ms (${perParticipant(cpu)})`);
}
