import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { open, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { Database, runMigrations } from '#database';
import { cmd, ContractHarness } from '#domain/testing/contract.harness.js';
import { CatchUpSubscription, eventStoreMigrations, PostgresEventStore } from '#event-store';
import {
  EXPORT_FILES,
  EXPORT_FORMAT,
  Findings,
  HeadsTree,
  LEAF_FORMAT,
  leafText,
  ledgerRecordLine,
  multiProof,
  NoteSigner,
  readExportDirectory,
  type ReplayEvent,
  verifyArithmetic,
  verifyExport,
} from '#ledger';
import {
  LEDGER_SEQUENCER,
  LEDGER_SEQUENCER_BATCH,
  LedgerCheckpoints,
  LedgerKey,
  ledgerMigrations,
  LedgerProofs,
  LedgerSequencer,
  PgNodeReader,
  readStreamLeafEventsPage,
} from '#ledger/service/index.js';
import type { BenchContext, BenchModule, BenchResult, TimingRow } from './bench-module.js';
import { EVENT_TYPE, payrollEvidence, STREAM_TYPE, StreamCursor } from './events.js';
import { benchContract, commandOf, participantFacts, TYPICAL_PLAN } from './facts.js';
import { Throughput } from './measure.js';

const MILLION = Number(process.env.BENCH_LEDGER_EVENTS ?? 1_000_000);
const MILLION_STREAM = 'contract-bench-million';
const PARTICIPANTS = 300;

/**
 * The verifiable log: the sequencer against the fastest appends (it must never fall behind), the
 * offline verification of a million events against reading them raw, inclusion proofs on a log of
 * a million, and the arithmetic replay of a contract of 300 participants over a year.
 */
export const ledgerBench: BenchModule = {
  name: 'ledger',
  async run(context: BenchContext): Promise<BenchResult[]> {
    const { db, log } = context;
    const database = await db.createDatabase();
    const pool = new pg.Pool({ connectionString: database.url, max: 2 });
    pool.on('error', () => undefined);
    try {
      await runMigrations(pool, [...eventStoreMigrations, ...ledgerMigrations]);
      const rows: BenchResult[] = [];
      rows.push(await sequencerAgainstAppends(pool, context));
      const key = new LedgerKey(NoteSigner.generate('bench.local/ledger').signer);
      const checkpoints = new LedgerCheckpoints(new Database(pool), key);
      log(`ledger: a log of ${MILLION.toLocaleString('en-US')} more events, raw inserts, then sequenced`);
      const sequenced = await buildMillion(pool);
      await checkpoints.sign();
      rows.push(await offlineVerification(pool, key, checkpoints, context, sequenced));
      rows.push(await proofLatency(pool, checkpoints, log));
      rows.push(replayCheck(log));
      return rows;
    } finally {
      await pool.end();
      await database.drop();
    }
  },
};

function sequencerSubscription(pool: pg.Pool, batchSize?: number): CatchUpSubscription {
  const sequencer = new LedgerSequencer();
  return new CatchUpSubscription(pool, new PostgresEventStore(pool), {
    subscriptionId: LEDGER_SEQUENCER,
    handler: (events, tx) => sequencer.handle(events, tx),
    ...(batchSize ? { batchSize } : {}),
  });
}

/** Rounds of: append 100-event batches for a while, then time the sequencer (as the service runs it) draining them. */
async function sequencerAgainstAppends(pool: pg.Pool, { settings, log }: BenchContext): Promise<BenchResult> {
  log('measuring: ledger sequencer against appends of 100 events per call');
  const store = new PostgresEventStore(pool);
  const subscription = sequencerSubscription(pool, LEDGER_SEQUENCER_BATCH);
  await subscription.register();
  const cursor = new StreamCursor('ledger-bench', 8, 2000);
  let sequence = 0;
  const appendFor = async (ms: number): Promise<{ events: number; seconds: number }> => {
    const began = performance.now();
    let events = 0;
    while (performance.now() - began < ms) {
      const { streamId, version } = cursor.next();
      const batch = Array.from({ length: 100 }, () => {
        const e = payrollEvidence(sequence++);
        return { eventId: e.eventId, type: EVENT_TYPE, data: e.data, metadata: e.metadata };
      });
      await store.appendToStream({ streamId, streamType: STREAM_TYPE, expectedVersion: version, events: batch });
      cursor.advance(100);
      events += 100;
    }
    return { events, seconds: (performance.now() - began) / 1000 };
  };
  const drain = async (): Promise<number> => {
    const began = performance.now();
    await subscription.catchUpToHead(600_000);
    return (performance.now() - began) / 1000;
  };
  await appendFor(settings.warmupMs);
  await drain();
  const appends = new Throughput('event store appends, 100 events per call, 1 connection');
  const sequencer = new Throughput(`ledger sequencer, catch-up batches of ${LEDGER_SEQUENCER_BATCH}`);
  const roundMs = Math.max(500, settings.measureMs / settings.rounds);
  for (let round = 0; round < settings.rounds; round++) {
    const appended = await appendFor(roundMs);
    appends.add({ events: appended.events, operations: appended.events / 100, seconds: appended.seconds, latenciesMs: [] });
    const seconds = await drain();
    sequencer.add({ events: appended.events, operations: appended.events / LEDGER_SEQUENCER_BATCH, seconds, latenciesMs: [] });
  }
  return {
    operation: `ledger sequencer (catch-up subscription, batches of ${LEDGER_SEQUENCER_BATCH}: leaf hashes, chain, subtrees) vs event-store appends of 100 events per call, 1 connection`,
    raw: appends,
    subject: sequencer,
    target: 1,
    notes: ['each round appends for its share of the measured time, then times the sequencer draining exactly what was appended'],
  };
}

/** One stream of a million small events, inserted raw, then sequenced (returns how long that took). */
async function buildMillion(pool: pg.Pool): Promise<{ events: number; seconds: number }> {
  const chunk = 100_000;
  for (let from = 1; from <= MILLION; from += chunk) {
    const to = Math.min(MILLION, from + chunk - 1);
    await pool.query(
      `INSERT INTO es_events (event_id, stream_id, stream_version, event_type, data, metadata, recorded_at)
       SELECT gen_random_uuid(), $1, v, 'BenefitWeekRecorded',
              jsonb_build_object('participantId', 'p_' || md5((v % 300)::text), 'week', '2019-W' || lpad(((v % 52) + 1)::text, 2, '0'),
                                 'benefitPaid', v % 7 = 0, 'source', 'DREAM'),
              '{"actor":"commissioner:aalborg-kommune"}'::jsonb, timestamp '2019-01-01' + v * interval '1 second'
         FROM generate_series($2::bigint, $3::bigint) AS v`,
      [MILLION_STREAM, from, to],
    );
  }
  await pool.query(`INSERT INTO es_streams (stream_id, stream_type, version) VALUES ($1, 'contract', $2)`, [MILLION_STREAM, MILLION]);
  await pool.query('VACUUM (ANALYZE) es_events');
  const began = performance.now();
  await sequencerSubscription(pool, 5000).catchUpToHead(1_200_000);
  const seconds = (performance.now() - began) / 1000;
  // The log at rest, as an auditor finds it: autovacuum's pass over the million new leaves and
  // nodes is done now rather than while the verification and the proofs are timed.
  await pool.query('VACUUM (ANALYZE) ledger_leaves, ledger_nodes');
  return { events: MILLION, seconds };
}

/** Writes the million-event stream's export page by page (the exporter holds a contract in memory; this one would not fit), then verifies it from files. */
async function offlineVerification(
  pool: pg.Pool,
  key: LedgerKey,
  checkpoints: LedgerCheckpoints,
  { baselines, log }: BenchContext,
  sequenced: { events: number; seconds: number },
): Promise<BenchResult> {
  const checkpoint = (await checkpoints.latest())!;
  const dir = mkdtempSync(join(tmpdir(), 'ov-bench-export-'));
  try {
    log('ledger: writing the export of the million-event stream');
    const events = createWriteStream(join(dir, EXPORT_FILES.events));
    const ledger = createWriteStream(join(dir, EXPORT_FILES.ledger));
    const indices: number[] = [];
    for (let after = 0; ;) {
      const page = await readStreamLeafEventsPage(pool, MILLION_STREAM, after, 20_000);
      if (page.length === 0) break;
      let lines = '';
      let records = '';
      for (const row of page) {
        lines += `${leafText({ format: LEAF_FORMAT, index: row.ledger!.index, previous: row.ledger!.previous, event: row.event })}\n`;
        indices.push(row.ledger!.index);
      }
      const hashes = await pool.query<{ ledger_index: string; event_id: string; stream_version: string; leaf_hash: Buffer }>(
        'SELECT ledger_index, event_id, stream_version, leaf_hash FROM ledger_leaves WHERE ledger_index = ANY ($1::bigint[]) ORDER BY ledger_index',
        [page.map((row) => row.ledger!.index)],
      );
      for (const r of hashes.rows)
        records += `${ledgerRecordLine({ index: Number(r.ledger_index), eventId: r.event_id, streamVersion: Number(r.stream_version), leafHash: r.leaf_hash.toString('hex') })}\n`;
      events.write(lines);
      ledger.write(records);
      after = page[page.length - 1].event.streamVersion;
    }
    await Promise.all([new Promise((r) => events.end(r)), new Promise((r) => ledger.end(r))]);
    // An auditor verifies an export received earlier: its 750 MB are on disk before the clock starts,
    // not being written back while the verifier reads them.
    for (const name of [EXPORT_FILES.events, EXPORT_FILES.ledger]) {
      const file = await open(join(dir, name), 'r+');
      await file.sync();
      await file.close();
    }
    const heads = await pool.query<{ stream_id: string; ledger_index: string; leaf_hash: Buffer; leaves: string }>('SELECT * FROM ledger_checkpoint_heads');
    const tree = new HeadsTree(
      heads.rows.map((h) => ({ streamId: h.stream_id, index: Number(h.ledger_index), leafHash: h.leaf_hash.toString('hex'), leaves: Number(h.leaves) })),
    );
    const head = (await tree.proofOf(MILLION_STREAM))!;
    const proofHashes = await multiProof(new PgNodeReader(pool), indices, checkpoint.treeSize);
    await writeFile(
      join(dir, EXPORT_FILES.manifest),
      JSON.stringify({
        format: EXPORT_FORMAT,
        contractId: 'bench-million',
        streamId: MILLION_STREAM,
        treeSize: checkpoint.treeSize,
        events: indices.length,
        exportedAt: new Date().toISOString(),
      }),
    );
    await writeFile(join(dir, EXPORT_FILES.checkpoint), checkpoint.note);
    await writeFile(join(dir, EXPORT_FILES.publicKey), `${key.verifierKey}\n`);
    await writeFile(
      join(dir, EXPORT_FILES.proof),
      JSON.stringify({
        treeSize: checkpoint.treeSize,
        hashes: proofHashes.map((h) => h.toString('hex')),
        head: head.head,
        headProof: { position: head.position, count: tree.count, path: head.path.map((h) => h.toString('hex')) },
      }),
    );

    log('measuring: offline verification of the million-event export (integrity only)');
    const raw = await baselines.get('select-pages');
    const began = performance.now();
    const report = await verifyExport(await readExportDirectory(dir), { trustedKey: key.verifierKey, arithmetic: false });
    const seconds = (performance.now() - began) / 1000;
    if (!report.ok) throw new Error(`the million-event export did not verify: ${report.failures[0]?.message}`);
    const subject = new Throughput('audit verify --integrity-only');
    subject.add({ events: indices.length, operations: 1, seconds, latenciesMs: [seconds * 1000] });
    return {
      operation: `offline verification of an export of ${indices.length.toLocaleString('en-US')} events from files (integrity only: canonical bytes, leaf hashes, chain, head, tree) vs raw SELECT pages of 1000`,
      raw,
      subject,
      target: 0.5,
      notes: [
        `one run of ${seconds.toFixed(1)} s`,
        `that log was sequenced at ${Math.round(sequenced.events / sequenced.seconds).toLocaleString('en-US')} events/s (batches of 5,000) after raw inserts`,
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Inclusion proofs of random events on the log of a million (and more): one database round trip for the subtrees, plus the event and the checkpoint. */
async function proofLatency(pool: pg.Pool, checkpoints: LedgerCheckpoints, log: (message: string) => void): Promise<TimingRow> {
  log('measuring: inclusion-proof latency on the log of a million events');
  const proofs = new LedgerProofs(new Database(pool), checkpoints);
  const size = (await checkpoints.latest())!.treeSize;
  const random = (): number => Math.floor(Math.random() * size);
  for (let i = 0; i < 200; i++) await proofs.inclusionOfIndex(random());
  const samplesMs: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const began = performance.now();
    await proofs.inclusionOfIndex(random());
    samplesMs.push(performance.now() - began);
  }
  return {
    kind: 'timing',
    operation: `inclusion proof of a random event on a log of ${size.toLocaleString('en-US')} events (LedgerProofs: the event, the checkpoint, the stored subtrees; database on this machine)`,
    samplesMs,
    targetMsPerUnit: 5,
    targetPercentile: 99,
  };
}

/** A contract of 300 participants and a year of their facts, recorded through the domain, then replayed by the verifier's arithmetic check. */
function replayCheck(log: (message: string) => void): TimingRow {
  log('measuring: the arithmetic replay of a contract with 300 participants and a year of facts');
  const harness = new ContractHarness('2019-10-01T12:00:00.000000Z');
  harness.run(cmd.register(benchContract('bench-replay')));
  harness.run(cmd.activate('2018-09-01'));
  const participants = Array.from({ length: PARTICIPANTS }, (_, i) => `p_${String(i).padStart(32, '0')}`);
  for (const p of participants) {
    harness.run(cmd.refer(p, '2018-09-24'));
    harness.run(cmd.enrol(p, '2018-10-01'));
  }
  const histories = participants.map((p, i) => ({ p, facts: participantFacts({ ...TYPICAL_PLAN, placementWeeks: 20 + (i % 15), until: '2019-09-30' }) }));
  for (let live = histories; live.length > 0;) {
    live = live.filter(({ p, facts }) => {
      const next = facts.next();
      if (next.done) return false;
      harness.run(commandOf(p, next.value) as never);
      return true;
    });
  }
  const events: ReplayEvent[] = harness.events.map((e) => ({
    index: e.streamVersion - 1,
    streamVersion: e.streamVersion,
    type: e.type,
    data: JSON.parse(JSON.stringify(e.data)),
    recordedAt: e.recordedAt,
  }));
  const outcomes = events.filter((e) => e.type === 'OutcomeVerified' || e.type === 'OutcomeReversed').length;
  const samplesMs: number[] = [];
  for (let i = 0; i < 4; i++) {
    const findings = new Findings();
    const began = performance.now();
    verifyArithmetic(events, findings);
    if (i > 0) samplesMs.push(performance.now() - began);
    if (findings.count > 0) throw new Error(`the replay found ${findings.count} differences in an untouched history: ${findings.list[0].message}`);
  }
  return {
    kind: 'timing',
    operation: `arithmetic replay (audit verify) of a contract with ${PARTICIPANTS} participants and a year of facts: ${events.length.toLocaleString('en-US')} events, ${outcomes} outcome events`,
    samplesMs,
    per: { count: events.length, unit: 'event' },
  };
}
