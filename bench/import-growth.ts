import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { BulkImport, type CheckedImportLine, ExecuteContractCommand } from '#contracts';
import type { ContractCommand } from '#domain';
import { openBenchDatabase } from './database.js';
import { commandOf, type FactSpec, participantFacts, TYPICAL_PLAN } from './facts.js';
import { enrolParticipants, HttpClient, registerContract, startService } from './service.js';

/**
 * One contract grown by bulk import (in-process, no HTTP) to GROW_FACTS facts over GROW_PARTICIPANTS
 * participants; at every GROW_STEP facts: the import's facts/s over the last step and ms per single
 * command (GROW_SINGLES commands one by one). GROW_PER_PARTICIPANT=50: each participant records
 * only its first 50 facts and new participants are enrolled as they run out (the contract grows in
 * participants, not in histories). GROW_PROFILE_AT=20000,100000 writes a CPU profile of
 * the step that ends at each of those sizes. GROW_RETRY_LINES=2000: at the end, that many more facts
 * sent over HTTP as import files (the provider's, then the commissioner's), and the same files sent
 * again (a retry: every line already recorded), each timed.
 */
const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const FACTS = env('GROW_FACTS', 200_000);
const PARTICIPANTS = env('GROW_PARTICIPANTS', 2_000);
const STEP = env('GROW_STEP', 10_000);
const SINGLES = env('GROW_SINGLES', 200);
const PER_PARTICIPANT = env('GROW_PER_PARTICIPANT', 0);
const RETRY_LINES = env('GROW_RETRY_LINES', 0);
const PROFILE_AT = new Set((process.env.GROW_PROFILE_AT ?? '').split(',').filter(Boolean).map(Number));
const CONTRACT = 'grow';

async function main(): Promise<void> {
  const db = await openBenchDatabase();
  const service = await startService(db);
  const http = new HttpClient(service.port);
  try {
    await registerContract(http, service, CONTRACT);
    // Each participant records at most PER_PARTICIPANT facts (0: its whole history); new ones are enrolled as they run out.
    const active: Array<{ participantId: string; facts: Generator<FactSpec>; left: number }> = [];
    const enrol = async (count: number): Promise<void> => {
      for (let i = 0; i < count; i += 500) {
        for (const participantId of await enrolParticipants(service, CONTRACT, Math.min(500, count - i)))
          active.push({ participantId, facts: participantFacts(TYPICAL_PLAN), left: PER_PARTICIPANT || Infinity });
      }
    };
    await enrol(PARTICIPANTS);
    let turn = 0;
    const next = (): { participantId: string; command: ContractCommand } => {
      while (active.length > 0) {
        const index = turn++ % active.length;
        const script = active[index];
        const fact = script.left > 0 ? script.facts.next() : { done: true as const, value: undefined };
        if (fact.done) {
          active[index] = active[active.length - 1];
          active.pop();
          continue;
        }
        script.left -= 1;
        return { participantId: script.participantId, command: commandOf(script.participantId, fact.value) as ContractCommand };
      }
      throw new Error('every participant has run out of facts: raise GROW_PARTICIPANTS or set GROW_PER_PARTICIPANT');
    };
    const ensure = async (facts: number): Promise<void> => {
      if (PER_PARTICIPANT === 0) return;
      const left = active.reduce((sum, script) => sum + script.left, 0);
      if (left < facts) await enrol(Math.ceil((facts - left) / PER_PARTICIPANT));
    };
    const importer = service.app.get(BulkImport);
    const bus = service.app.get(CommandBus);
    const metadata = { actor: 'commissioner:aalborg-kommune', correlationId: randomUUID() };
    let facts = 0;
    console.log('facts\timport facts/s\timport CPU µs per fact (this process)\tms per command');
    while (facts < FACTS) {
      await ensure(STEP + SINGLES);
      const lines: CheckedImportLine[] = [];
      for (let i = 0; i < STEP; i++) lines.push({ ok: true, line: i + 1, commandId: `grow:${facts + i}`, command: next().command });
      const end = facts + STEP;
      const session = PROFILE_AT.has(end) ? new Session() : undefined;
      if (session) {
        session.connect();
        await session.post('Profiler.enable');
        await session.post('Profiler.start');
      }
      const started = performance.now();
      const cpuAtStart = process.cpuUsage();
      const report = await importer.run(CONTRACT, lines, metadata);
      const seconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuAtStart);
      if (session) {
        const { profile } = await session.post('Profiler.stop');
        session.disconnect();
        writeFileSync(`/tmp/grow-${end}.cpuprofile`, JSON.stringify(profile));
      }
      if (report.rejected.length > 0) throw new Error(`rejected: ${JSON.stringify(report.rejected.slice(0, 3))}`);
      facts = end;
      const singleStarted = performance.now();
      for (let i = 0; i < SINGLES; i++) await bus.execute(new ExecuteContractCommand(CONTRACT, next().command, metadata, `grow-single:${facts}:${i}`));
      const msPerCommand = (performance.now() - singleStarted) / SINGLES;
      console.log(`${end}\t${Math.round(STEP / seconds)}\t${Math.round((cpu.user + cpu.system) / STEP)}\t${msPerCommand.toFixed(2)}`);
    }
    await ensure(RETRY_LINES);
    if (RETRY_LINES > 0) await sendTwice(http, service.tokens, Array.from({ length: RETRY_LINES }, next), facts);
  } finally {
    http.close();
    await service.close();
    await db.close();
  }
}

/** The facts as the provider's and the commissioner's import files, each sent, then sent again. */
async function sendTwice(
  http: HttpClient,
  tokens: { commissioner: string; provider: string },
  facts: { command: ContractCommand }[],
  contractSize: number,
): Promise<void> {
  const files = { provider: [] as string[], commissioner: [] as string[] };
  facts.forEach(({ command }, i) =>
    files[command.type === 'RecordBenefitWeek' ? 'commissioner' : 'provider'].push(JSON.stringify({ commandId: `grow-retry:${i}`, ...command })),
  );
  const send = async (): Promise<{ ms: number; accepted: number; duplicates: number }> => {
    const started = performance.now();
    let accepted = 0;
    let duplicates = 0;
    for (const sender of ['provider', 'commissioner'] as const) {
      if (files[sender].length === 0) continue;
      const response = await http.request('POST', `/contracts/${CONTRACT}/imports`, {
        token: tokens[sender],
        body: `${files[sender].join('\n')}\n`,
        contentType: 'application/x-ndjson',
      });
      const report = response.body as { accepted: number; duplicates: number; rejected: unknown[] };
      if (response.status !== 200 || report.rejected.length > 0)
        throw new Error(`import answered ${response.status}: ${JSON.stringify(response.body).slice(0, 300)}`);
      accepted += report.accepted;
      duplicates += report.duplicates;
    }
    return { ms: performance.now() - started, accepted, duplicates };
  };
  const first = await send();
  const again = await send();
  const rate = (ms: number) => Math.round(facts.length / (ms / 1000));
  console.log(
    `over HTTP at ${contractSize} facts: ${facts.length} facts sent at ${rate(first.ms)} facts/s (${first.accepted} accepted), ` +
      `sent again at ${rate(again.ms)} facts/s (${again.duplicates} answered as already recorded, ${again.accepted} accepted)`,
  );
}

await main();
