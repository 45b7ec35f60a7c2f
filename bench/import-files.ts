import { commandOf, type FactSpec, participantFacts, TYPICAL_PLAN } from './facts.js';

export type Sender = 'commissioner' | 'provider';

export interface ImportFile {
  sender: Sender;
  lines: number;
  body: string;
}

export interface ImportReport {
  lines: number;
  accepted: number;
  unchanged: number;
  duplicates: number;
  rejected: Array<{ line: number; error: string; message: string }>;
  recorded: number;
  outcomes: { verified: number; reversed: number };
}

/**
 * The cohort's facts as JSON Lines import files, as their two senders would send them: the
 * commissioner's benefit register extracts (benefit weeks) and the provider's placements and
 * payroll evidence (each role may import only what it may record one by one). Facts are taken in
 * date order, round the participants, and each sender's file is cut when it holds `size` lines.
 */
export function* importFiles(participantIds: string[], size: (index: number) => number): Generator<ImportFile> {
  const scripts = participantIds.map((participantId) => ({ participantId, facts: participantFacts(TYPICAL_PLAN) }));
  const buffers: Record<Sender, string[]> = { commissioner: [], provider: [] };
  let files = 0;
  for (let turn = 0; ; turn++) {
    const script = scripts[turn % scripts.length];
    const next = script.facts.next();
    if (next.done) throw new Error('the import cohort has recorded its whole history: raise PARTICIPANTS');
    const fact: FactSpec = next.value;
    const sender: Sender = fact.type === 'RecordBenefitWeek' ? 'commissioner' : 'provider';
    const buffer = buffers[sender];
    const { type, data } = commandOf(script.participantId, fact);
    buffer.push(JSON.stringify({ commandId: `bench-import:${sender}:${turn}`, type, data }));
    if (buffer.length === size(files)) {
      yield { sender, lines: buffer.length, body: `${buffer.join('\n')}\n` };
      buffers[sender] = [];
      files++;
    }
  }
}
