import { commandOfFact, type ContractEventType, DERIVED_EVENT_TYPES, type ContractEvent, decide, evolve, initialContractState, isDomainError } from '#domain';
import { canonicalJson } from '../leaf/canonical-json.js';
import type { Findings } from './verification-report.js';

/** An event of the slice as the arithmetic needs it. */
export interface ReplayEvent {
  index: number | null;
  streamVersion: number;
  type: string;
  data: unknown;
  recordedAt: string;
}

export interface ArithmeticSummary {
  facts: number;
  derived: number;
  confirmations: number;
}

/**
 * Replays the contract's facts through the domain's rules (docs/rules.md §5): each fact's command
 * is decided again against the state the events before it leave (at the fact's stream version and
 * recording instant), and what the rules give must be exactly the fact and the outcome events
 * recorded right after it (type and data, canonical JSON). The state then follows what the rules
 * gave, so one changed amount is one finding and does not spill into the events after it.
 */
export function verifyArithmetic(events: readonly ReplayEvent[], findings: Findings): ArithmeticSummary {
  const ordered = [...events].sort((a, b) => a.streamVersion - b.streamVersion);
  const state = initialContractState();
  const summary: ArithmeticSummary = { facts: 0, derived: 0, confirmations: 0 };
  const apply = (event: ContractEvent, at: ReplayEvent, offset: number): void => {
    evolve(state, { ...event, streamPosition: at.streamVersion + offset, recordedAt: at.recordedAt });
  };
  let i = 0;
  while (i < ordered.length) {
    const fact = ordered[i];
    if (DERIVED_EVENT_TYPES.has(fact.type as ContractEventType)) {
      const run = groupEnd(ordered, i);
      for (const event of ordered.slice(i, run))
        findings.add('arithmetic', event.index, `${describe(event)} follows no fact: the rules derive it from nothing recorded before it`);
      i = run;
      continue;
    }
    const command = commandOfFact({ type: fact.type, data: asObject(fact.data) });
    if (command === undefined) {
      findings.add('arithmetic', fact.index, `event type ${fact.type} is not known to this verifier: what follows from it cannot be checked`);
      const run = groupEnd(ordered, i);
      ordered.slice(i, run).forEach((event, k) => apply(event as ContractEvent, fact, k));
      i = run;
      continue;
    }
    summary.facts++;
    let decided: ContractEvent[];
    try {
      decided = decide({ command, state, nextPosition: fact.streamVersion, now: fact.recordedAt });
    } catch (error) {
      // Refused facts (and anything else the rules cannot take, whatever a changed log holds)
      // stay out of the state: it only ever holds what the rules accepted.
      const why = isDomainError(error)
        ? `the rules refuse this ${fact.type} (${error.code}): ${error.message}`
        : `the rules cannot take this ${fact.type}: ${(error as Error).message}`;
      findings.add('arithmetic', fact.index, why);
      i = groupEnd(ordered, i);
      continue;
    }
    const run = groupEnd(ordered, i, decided);
    const recorded = ordered.slice(i, run);
    i = run;
    if (decided.length === 0) {
      findings.add('arithmetic', fact.index, `the rules record nothing for this ${fact.type}: it repeats what was already recorded`);
      continue;
    }
    compare(decided, recorded, findings, summary);
    decided.forEach((event, k) => apply(event, fact, k));
  }
  return summary;
}

/**
 * Where the events recorded with the fact at `i` end: after the derived events that follow it, and
 * after those the rules give for it at their places (the acceptance of a termination proposal
 * derives a ContractTerminated, a type that is also a fact of its own).
 */
function groupEnd(ordered: readonly ReplayEvent[], i: number, decided?: readonly ContractEvent[]): number {
  let run = i + 1;
  while (run < ordered.length) {
    const k = run - i;
    const givenHere = decided !== undefined && k < decided.length && decided[k].type === ordered[run].type;
    if (!givenHere && !DERIVED_EVENT_TYPES.has(ordered[run].type as ContractEventType)) break;
    run++;
  }
  return run;
}

function compare(decided: readonly ContractEvent[], recorded: readonly ReplayEvent[], findings: Findings, summary: ArithmeticSummary): void {
  const fact = recorded[0];
  for (let k = 0; k < Math.max(decided.length, recorded.length); k++) {
    const want = decided[k];
    const got = recorded[k];
    if (got === undefined) {
      findings.add('arithmetic', fact.index, `the rules give a ${describe(want)} after this ${fact.type} that is not recorded`);
      continue;
    }
    if (want === undefined) {
      findings.add('arithmetic', got.index, `${describe(got)} is recorded, but the rules give nothing more after the ${fact.type} before it`);
      continue;
    }
    if (k > 0) summary.derived++;
    if (got.type === 'PaymentConfirmed') summary.confirmations++;
    if (want.type !== got.type) {
      findings.add('arithmetic', got.index, `${describe(got)} is recorded where the rules give a ${describe(want)}`);
      continue;
    }
    const differences = differencesOf(want.data as Record<string, unknown>, asObject(got.data));
    if (differences.length > 0) findings.add('arithmetic', got.index, `${describe(got)}: ${differences.join('; ')}`);
  }
}

function differencesOf(want: Record<string, unknown>, got: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(want), ...Object.keys(got)])].filter((key) => want[key] !== undefined || got[key] !== undefined).sort();
  const out: string[] = [];
  for (const key of keys) {
    const a = want[key] === undefined ? 'nothing' : canonicalJson(want[key]);
    const b = got[key] === undefined ? 'nothing' : canonicalJson(got[key]);
    if (a !== b) out.push(`${key} ${b}, the rules give ${a}`);
  }
  return out;
}

function describe(event: { type: string; data: unknown }): string {
  const paymentId = asObject(event.data).paymentId;
  return typeof paymentId === 'string' ? `${event.type} of ${paymentId}` : event.type;
}

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
