import { DEFAULT_IMPORT_CHUNK_SIZE } from '#contracts';
import { BATCH_SIZE } from './baselines.js';
import type { BenchModule, BenchResult } from './bench-module.js';
import { cpuSince, cpuSnapshot } from './cpu.js';
import { ClientProcess } from './clients.js';
import type { ImportReport } from './import-files.js';
import { describeStatements, describeTransactions, watchStatements } from './statements.js';
import { runFor, type Sample, Throughput } from './measure.js';
import { enrolParticipants, HttpClient, registerContract, startService } from './service.js';

export const IMPORT_FACTS = 20_000;
export const LINES_PER_FILE = 5_000;
const WARMUP_LINES = 500;
const PARTICIPANTS = 100;
const CONTRACT = 'bench-import';

/**
 * Bulk import through the HTTP endpoint (`POST /contracts/:id/imports`, JSON Lines), service
 * in-process on its own database, the uploader in a process of its own (`clients.ts`): 20,000
 * facts in files of 5,000 lines, after a warm-up file, each file's import alternating with a
 * round of raw 100-row INSERTs (the comparison: facts/s against raw rows/s in batches).
 */
export const importBench: BenchModule = {
  name: 'bulk import',
  async run({ db, baselines, settings, log }): Promise<BenchResult[]> {
    log('starting the service in-process');
    const service = await startService(db);
    const setup = new HttpClient(service.port);
    const clients = ClientProcess.start();
    try {
      await registerContract(setup, service, CONTRACT);
      const participants = await enrolParticipants(service, CONTRACT, PARTICIPANTS);
      // The files are made and sent by the uploader in the clients' process, timed there.
      const uploader = await clients.uploader({
        kind: 'import',
        port: service.port,
        tokens: service.tokens,
        contractId: CONTRACT,
        participantIds: participants,
        firstLines: WARMUP_LINES,
        linesPerFile: LINES_PER_FILE,
      });

      const send = async (): Promise<{ file: { sender: string; lines: number }; report: ImportReport; sample: Sample }> => {
        const cpuAtStart = cpuSnapshot();
        const sent = await uploader.send();
        const cpu = { ...cpuSince(cpuAtStart), clients: sent.clients };
        if (sent.status !== 200) throw new Error(`the import answered ${sent.status}: ${JSON.stringify(sent.body).slice(0, 500)}`);
        const report = sent.body as ImportReport;
        if (report.rejected.length > 0 || report.accepted !== sent.lines) {
          throw new Error(`the import of ${sent.lines} lines accepted ${report.accepted}, rejected e.g. ${JSON.stringify(report.rejected.slice(0, 3))}`);
        }
        const file = { sender: sent.sender, lines: sent.lines };
        return { file, report, sample: { events: report.accepted, operations: 1, seconds: sent.ms / 1000, latenciesMs: [sent.ms], cpu } };
      };

      log(`warming up: an import of ${WARMUP_LINES} lines`);
      await send();
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
        log(`importing file ${index + 1}`);
        const rawRound = (): Promise<void> => runFor(rawWorkload, roundMs).then((sample) => raw.add(sample));
        if (index % 2 === 0) await rawRound();
        const watched = await watchStatements(() => send());
        const { file, report, sample } = watched.result;
        for (const [kind, n] of watched.statements) statements.set(kind, (statements.get(kind) ?? 0) + n);
        transactionsMs.push(...watched.transactionsMs);
        measured.add(sample);
        if (index % 2 === 1) await rawRound();
        verified += report.outcomes.verified;
        reversed += report.outcomes.reversed;
        unchanged += report.unchanged;
        perFile.push(`${file.sender} ${sample.seconds.toFixed(1)} s`);
      }
      const facts = measured.events;
      return [
        {
          operation: `bulk import: ${facts.toLocaleString('en-US')} facts as JSON Lines over HTTP (uploader in its own process), files of ${LINES_PER_FILE.toLocaleString('en-US')} lines (facts/s) vs raw ${BATCH_SIZE} rows per INSERT`,
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
      setup.close();
      await clients.close();
      await service.close();
    }
  },
};
