import { commandOf, factsInTurn, type FactPlan, TYPICAL_PLAN } from './facts.js';

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

/** Whose history each participant has, and how the lines' command ids begin. */
export interface ImportCohort {
  /** The i-th participant's plan (default: the typical plan for everyone). */
  planOf?: (index: number) => FactPlan;
  /** Prefix of every line's commandId (unique per cohort within a contract). */
  commandIds?: string;
}

/**
 * The cohort's facts as JSON Lines import files, as their two senders would send them: the
 * commissioner's benefit register extracts (benefit weeks) and the provider's placements and
 * payroll evidence (each role may import only what it may record one by one). Facts are taken in
 * date order, round the participants, and each sender's file is cut when it holds `size` lines;
 * once every participant's history is taken, what is left in each sender's buffer is its last file.
 */
export function* importFiles(participantIds: string[], size: (index: number) => number, cohort: ImportCohort = {}): Generator<ImportFile> {
  const { planOf = () => TYPICAL_PLAN, commandIds = 'bench-import' } = cohort;
  const buffers: Record<Sender, string[]> = { commissioner: [], provider: [] };
  let files = 0;
  for (const { participantId, fact, turn } of factsInTurn(participantIds, planOf)) {
    const sender: Sender = fact.type === 'RecordBenefitWeek' ? 'commissioner' : 'provider';
    const buffer = buffers[sender];
    const { type, data } = commandOf(participantId, fact);
    buffer.push(JSON.stringify({ commandId: `${commandIds}:${sender}:${turn}`, type, data }));
    if (buffer.length === size(files)) {
      yield { sender, lines: buffer.length, body: `${buffer.join('\n')}\n` };
      buffers[sender] = [];
      files++;
    }
  }
  for (const sender of ['commissioner', 'provider'] as const) {
    const buffer = buffers[sender];
    if (buffer.length > 0) yield { sender, lines: buffer.length, body: `${buffer.join('\n')}\n` };
  }
}
