import { addDays, pseudonymise } from '#domain';
import { cprOf, type FactPlan, participantFacts } from './facts.js';
import { type ImportFile, importFiles } from './import-files.js';

/**
 * The scale benchmark's participants: a national year's intake, each referred, enrolled and then
 * followed for about 36 weeks (about 50 facts each, as in a year of 100,000 participants and
 * 5 million facts), starting in one of the year's 52 weeks. Their placements, payroll evidence and
 * benefit weeks verify JOB_START and JOB_13W; a register correction every 20 weeks reverses some.
 */

const FIRST_MONDAY = '2018-10-01';
const WEEKS_FOLLOWED = 36;

/** Participant n's history: followed for WEEKS_FOLLOWED weeks from one of the year's 52 start weeks. */
export function planOf(participant: number): FactPlan {
  const firstMonday = addDays(FIRST_MONDAY, 7 * (participant % 52));
  return {
    firstMonday,
    placementWeeks: 30,
    gapWeeks: 4,
    evidenceWeeks: 4,
    correctionEvery: 20,
    correctionLag: 10,
    until: addDays(firstMonday, 7 * (WEEKS_FOLLOWED - 1)),
  };
}

/** Facts a participant brings: the referral, the enrolment and the history (the same for every start week). */
export const FACTS_PER_PARTICIPANT = 2 + [...participantFacts(planOf(0))].length;

/** The participants `first` … `first + count - 1`: their pseudonyms under the service's key. */
export function participantIds(first: number, count: number, pseudonymKey: Buffer): string[] {
  return Array.from({ length: count }, (_, i) => pseudonymise(cprOf(first + i), pseudonymKey));
}

/**
 * The import files that bring participants `first` … `first + ids.length - 1` in, as their senders
 * send them: the commissioner's referrals, the provider's enrolments, then their histories (the
 * commissioner's benefit weeks, the provider's placements and payroll evidence), `linesPerFile`
 * lines a file. Each file needs the ones before it (a participant is referred, then enrolled).
 */
export function* cohortFiles(first: number, ids: string[], linesPerFile: number): Generator<ImportFile> {
  const prefix = `scale:${first}`;
  const referrals = ids.map((_, i) => {
    const planned = planOf(first + i);
    const data = { cpr: cprOf(first + i), referredOn: addDays(planned.firstMonday, -7), intakeVariant: 'thorough', intakeOutcome: 'accepted' };
    return JSON.stringify({ commandId: `${prefix}:referral:${i}`, type: 'ReferParticipant', data });
  });
  const enrolments = ids.map((participantId, i) => {
    const data = { participantId, enrolledOn: planOf(first + i).firstMonday };
    return JSON.stringify({ commandId: `${prefix}:enrolment:${i}`, type: 'EnrolParticipant', data });
  });
  yield* chunked('commissioner', referrals, linesPerFile);
  yield* chunked('provider', enrolments, linesPerFile);
  yield* importFiles(ids, () => linesPerFile, { planOf: (i) => planOf(first + i), commandIds: prefix });
}

function* chunked(sender: ImportFile['sender'], lines: string[], size: number): Generator<ImportFile> {
  for (let at = 0; at < lines.length; at += size) {
    const part = lines.slice(at, at + size);
    yield { sender, lines: part.length, body: `${part.join('\n')}\n` };
  }
}
