import type pg from 'pg';
import { cpuSince, cpuSnapshot, processCpuSeconds, watchPostgres } from './cpu.js';

/**
 * Where an import step's time went, per fact: CPU of the API, the worker, PostgreSQL and the
 * bench's own process (which builds the files and sends them, on the same cores), and what the
 * database did (WAL written, checkpoints, pages read from outside its shared buffers, the log's
 * size). Read so that a rate that falls as the contract grows can be traced to what grew.
 */
export interface ImportProfile {
  apiMsPerFact: number;
  workerMsPerFact: number;
  /** Undefined when the server is not on this machine. */
  postgresMsPerFact: number | undefined;
  benchMsPerFact: number;
  walBytesPerFact: number;
  checkpoints: number;
  /** Pages PostgreSQL read from outside its shared buffers (the OS cache or the disk), per fact. */
  pagesReadPerFact: number;
  /** es_events with its indexes and TOAST at the step's end. */
  eventsTableBytes: number;
}

interface DatabaseCounters {
  walBytes: number;
  checkpoints: number;
  pagesRead: number;
}

async function databaseCounters(pool: pg.Pool): Promise<DatabaseCounters> {
  const { rows } = await pool.query<{ wal: string; checkpoints: string; read: string }>(
    `SELECT (SELECT wal_bytes FROM pg_stat_wal)::text AS wal,
            (SELECT num_timed + num_requested FROM pg_stat_checkpointer)::text AS checkpoints,
            (SELECT blks_read FROM pg_stat_database WHERE datname = current_database())::text AS read`,
  );
  return { walBytes: Number(rows[0].wal), checkpoints: Number(rows[0].checkpoints), pagesRead: Number(rows[0].read) };
}

/** Starts watching; `stop(facts)` gives the profile of what happened meanwhile, per fact. */
export async function watchImport(pool: pg.Pool, pids: { api: number; worker: number }): Promise<{ stop(facts: number): Promise<ImportProfile> }> {
  await watchPostgres(pool);
  const before = { db: await databaseCounters(pool), cpu: cpuSnapshot(), api: processCpuSeconds(pids.api), worker: processCpuSeconds(pids.worker) };
  return {
    async stop(facts: number): Promise<ImportProfile> {
      const cpu = cpuSince(before.cpu);
      const db = await databaseCounters(pool);
      const { rows } = await pool.query<{ bytes: string }>(`SELECT pg_total_relation_size('es_events')::text AS bytes`);
      const perFact = (seconds: number): number => (seconds * 1000) / facts;
      return {
        apiMsPerFact: perFact(processCpuSeconds(pids.api) - before.api),
        workerMsPerFact: perFact(processCpuSeconds(pids.worker) - before.worker),
        postgresMsPerFact: cpu.postgresCores === undefined ? undefined : perFact(cpu.postgresCores * cpu.seconds),
        benchMsPerFact: perFact(cpu.nodeCores * cpu.seconds),
        walBytesPerFact: (db.walBytes - before.db.walBytes) / facts,
        checkpoints: db.checkpoints - before.db.checkpoints,
        pagesReadPerFact: (db.pagesRead - before.db.pagesRead) / facts,
        eventsTableBytes: Number(rows[0].bytes),
      };
    },
  };
}
