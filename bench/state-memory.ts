import { performance } from 'node:perf_hooks';
import { contractDecider, decodeContractState, encodeContractState, type ContractState, type StoredContractEvent } from '#domain';
import { contractStream } from './contract-stream.js';

/**
 * `npm run bench:state [-- participants]` (2,000 by default: 100,000 facts): the decider state of one contract
 * grown as bench:scale grows it (about 50 facts a participant), in the domain alone. Reports the
 * heap the state holds per fact (after a full GC, the events kept alive on both sides of the
 * measurement), what each part of the state holds, the fold's rate, and the snapshot codec's time
 * and size (docs/snapshots.md "Memory").
 */

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');
const PARTICIPANTS = Number(process.argv[2] ?? 2_000);

function heapUsed(): number {
  for (let i = 0; i < 3; i++) gc!();
  return process.memoryUsage().heapUsed;
}

/** The fold of the stream as a restart reads it: each event parsed from its line, then evolved. */
function fold(lines: readonly string[]): ContractState {
  let state = contractDecider.initialState();
  for (const line of lines) state = contractDecider.evolve(state, JSON.parse(line) as StoredContractEvent);
  return state;
}

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

const stream = contractStream('state-memory', PARTICIPANTS);
const { lines, facts } = stream;
const outcomes = lines.filter((line) => line.startsWith('{"type":"OutcomeVerified"')).length;
console.log(`${PARTICIPANTS} participants, ${facts} facts, ${lines.length} events, ${outcomes} outcomes verified`);

let last = heapUsed();
stream.decided = contractDecider.initialState();
console.log(`state left by decide + evolve (with the evaluations it remembers): ${Math.round((last - heapUsed()) / facts)} bytes per fact`);

// The fold's rate: the best of three folds of the whole stream (parsing included, as a restart does).
let best = Infinity;
for (let i = 0; i < 3; i++) {
  const started = performance.now();
  fold(lines);
  best = Math.min(best, performance.now() - started);
}
console.log(`fold: ${Math.round(lines.length / (best / 1000)).toLocaleString('en')} events/s (${best.toFixed(0)} ms, JSON.parse included)`);

{
  const parsed = lines.map((line) => JSON.parse(line) as StoredContractEvent);
  let fastest = Infinity;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    let folded = contractDecider.initialState();
    for (const event of parsed) folded = contractDecider.evolve(folded, event);
    fastest = Math.min(fastest, performance.now() - started);
  }
  console.log(`evolve alone: ${Math.round(parsed.length / (fastest / 1000)).toLocaleString('en')} events/s (${fastest.toFixed(0)} ms)`);
}

const before = heapUsed();
const state = fold(lines);
const held = heapUsed() - before;
console.log(`folded state: ${mib(held)}, ${Math.round(held / facts)} bytes per fact`);

// What each part holds: the heap freed when the part is dropped.
const parts: Array<[string, (s: ContractState) => void]> = [
  ['ledger', (s) => (s.ledger = new Map())],
  ['benefit weeks', (s) => s.participants.forEach((p) => (p.facts.benefitWeeks = new Map()))],
  ['payroll evidence', (s) => s.participants.forEach((p) => (p.facts.payrollEvidence = new Map()))],
  ['placements', (s) => s.participants.forEach((p) => (p.facts.placements = new Map()))],
  ['verified + revisions', (s) => s.participants.forEach((p) => ((p.verified = new Map()), (p.revisions = new Map())))],
  ['participants (the rest)', (s) => (s.participants = new Map())],
];
last = heapUsed();
for (const [name, drop] of parts) {
  drop(state);
  const now = heapUsed();
  console.log(`  ${name}: ${mib(last - now)}, ${Math.round((last - now) / facts)} bytes per fact`);
  last = now;
}

let encoded = '';
let encodeMs = Infinity;
let decodeMs = Infinity;
{
  const folded = fold(lines);
  for (let i = 0; i < 3; i++) {
    let started = performance.now();
    encoded = encodeContractState(folded);
    encodeMs = Math.min(encodeMs, performance.now() - started);
    started = performance.now();
    decodeContractState(encoded);
    decodeMs = Math.min(decodeMs, performance.now() - started);
  }
}
console.log(`snapshot: ${mib(Buffer.byteLength(encoded))}, encode ${encodeMs.toFixed(0)} ms, decode ${decodeMs.toFixed(0)} ms`);
const beforeDecoded = heapUsed();
const decoded = decodeContractState(encoded);
console.log(`decoded state: ${Math.round((heapUsed() - beforeDecoded) / facts)} bytes per fact (${decoded.version} events)`);
