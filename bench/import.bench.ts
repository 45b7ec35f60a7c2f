import { performance } from 'node:perf_hooks';
import { DEFAULT_IMPORT_CHUNK_SIZE } from '../libs/contracts/src/index.js';
import { BATCH_SIZE } from './baselines.js';
import type { BenchModule, BenchResult } from './bench-module.js';
import { cpuSince, cpuSnapshot } from './cpu.js';
import { commandOf, type FactSpec, participantFacts, TYPICAL_PLAN } from './facts.js';
import { describeStatements, describeTransactions, watchStatements } from './statements.js';
import { runFor, type Sample, Throughput } from './measure.js';
import { enrolParticipants, HttpClient, registerContract, startService } from './service.js';

export const IMPORT_FACTS = 20_000;
export const LINES_PER_FILE = 5_000;
const WARMUP_LINES = 500;
const PARTICIPANTS = 100;
const CONTRACT = 'bench-import';

type Sender = 'commissioner' | 'provider';

interface ImportFile {
  sender: Sender;
  lines: number;
  body: string;
}

interface ImportReport {
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
function* importFiles(participantIds: string[], size: (index: number) => number): Generator<ImportFile> {
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

/**
 * Bulk import through the HTTP endpoint (`POST /contracts/:id/imports`, JSON Lines), service
 * in-process on its own database: 20,000 facts in files of 5,000 lines, after a warm-up file, each
 * file's import alternating with a round of raw 100-row INSERTs (the comparison: facts/s against
 * raw rows/s in batches).
 */
export const importBench: BenchModule = {
  name: 'bulk import',
  async run({ db, baselines, settings, log }): Promise<BenchResult[]> {
    log('starting the service in-process');
    const service = await startService(db);
    const client = new HttpClient(service.port);
    try {
      await registerContract(client, service, CONTRACT);
      const participants = await enrolParticipants(service, CONTRACT, PARTICIPANTS);
      const files = importFiles(participants, (index) => (index === 0 ? WARMUP_LINES : LINES_PER_FILE));

      const send = async (file: ImportFile): Promise<{ report: ImportReport; sample: Sample }> => {
        const cpuAtStart = cpuSnapshot();
        const began = performance.now();
        const response = await client.request('POST', `/contracts/${CONTRACT}/imports`, {
          token: service.tokens[file.sender],
          body: file.body,
          contentType: 'application/x-ndjson',
        });
        const ms = performance.now() - began;
        if (response.status !== 200) throw new Error(`the import answered ${response.status}: ${JSON.stringify(response.body).slice(0, 500)}`);
        const report = response.body as ImportReport;
        if (report.rejected.length > 0 || report.accepted !== file.lines) {
          throw new Error(`the import of ${file.lines} lines accepted ${report.accepted}, rejected e.g. ${JSON.stringify(report.rejected.slice(0, 3))}`);
        }
        return { report, sample: { events: report.accepted, operations: 1, seconds: ms / 1000, latenciesMs: [ms], cpu: cpuSince(cpuAtStart) } };
      };

      log(`warming up: an import of ${WARMUP_LINES} lines`);
      await send(files.next().value as ImportFile);
      const rawWorkload = baselines.workload('insert-batch100');
      await runFor(rawWorkload, settings.warmupMs);

      const raw = new Throughput(rawWorkload.label);
      const measured = new Throughput(`bulk import, files of ${LINES_PER_FILE} lines`);
      const perFile: string[] = [];
      const statements = new Map<string, number>();
      const transactionsMs: number[] = [];
      let verified = 0;
      let reversed = 0;
      let unchanged = 0;
      const roundMs = settings.measureMs / settings.rounds;
      for (let index = 0; index * LINES_PER_FILE < IMPORT_FACTS; index++) {
        const file = files.next().value as ImportFile;
        log(`importing file ${index + 1} (${file.lines} lines from the ${file.sender})`);
        const rawRound = (): Promise<void> => runFor(rawWorkload, roundMs).then((sample) => raw.add(sample));
        if (index % 2 === 0) await rawRound();
        const watched = await watchStatements(() => send(file));
        const { report, sample } = watched.result;
        for (const [kind, n] of watched.statements) statements.set(kind, (statements.get(kind) ?? 0) + n);
        transactionsMs.push(...watched.transactionsMs);
        measured.add(sample);
        if (index % 2 === 1) await rawRound();
        verified += report.outcomes.verified;
        reversed += report.outcomes.reversed;
        unchanged += report.unchanged;
        perFile.push(`${file.sender} ${(sample.seconds).toFixed(1)} s`);
      }
      const facts = measured.events;
      return [
        {
          operation: `bulk import: ${facts.toLocaleString('en-US')} facts as JSON Lines over HTTP, files of ${LINES_PER_FILE.toLocaleString('en-US')} lines (facts/s) vs raw ${BATCH_SIZE} rows per INSERT`,
          raw,
          subject: measured,
          target: 0.3,
          notes: [
            `files: ${perFile.join(', ')}`,
            `${verified} outcomes verified and ${reversed} reversed on the way; ${unchanged} lines recorded nothing new`,
            `${PARTICIPANTS} participants`,
            describeStatements(statements, measured.events),
            describeTransactions(transactionsMs, DEFAULT_IMPORT_CHUNK_SIZE),
          ],
        },
      ];
    } finally {
      client.close();
      await service.close();
    }
  },
};
