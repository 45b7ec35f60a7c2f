import { performance } from 'node:perf_hooks';
import pg from 'pg';

/** A statement's kind: its verb and the table it works on, e.g. `SELECT es_events`, `WITH-UPDATE es_streams`. */
function kindOf(text: string): string {
  const sql = text.trim().replace(/\s+/g, ' ');
  const verb = sql.split(' ')[0].toUpperCase();
  if (['BEGIN', 'COMMIT', 'ROLLBACK'].includes(verb)) return verb;
  if (verb === 'WITH') {
    const inner = /^WITH \w+ AS \(\s*(\w+)\s+(?:INTO\s+)?([\w.]+)/i.exec(sql);
    return inner ? `WITH-${inner[1].toUpperCase()} ${inner[2]}` : 'WITH';
  }
  const fn = /^SELECT ([a-z_][\w]*)\(/i.exec(sql);
  if (fn) return `SELECT ${fn[1]}()`;
  const table = /\b(?:FROM|INTO|UPDATE)\s+([a-z_][\w.]*)/i.exec(sql);
  return table ? `${verb} ${table[1]}` : verb;
}

export interface StatementWatch {
  /** Statements sent, by kind. */
  statements: Map<string, number>;
  /**
   * Duration of every transaction that took a contract's lock (a command, or a chunk of an import),
   * from sending BEGIN to COMMIT's answer, in ms. Others (the projections') are left out.
   */
  transactionsMs: number[];
}

/**
 * Watches the SQL this process sends (every pg client: the service's pool and the bench's alike)
 * while `run` runs: statements by kind, and how long each command's transaction held its contract
 * (whose commands run one at a time: the lock is `pg_advisory_xact_lock`, released at COMMIT).
 */
export async function watchStatements<T>(run: () => Promise<T>): Promise<{ result: T } & StatementWatch> {
  const statements = new Map<string, number>();
  const transactionsMs: number[] = [];
  const begun = new WeakMap<object, { at: number; locked: boolean }>();
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  prototype.query = function (this: object, ...args: unknown[]) {
    const first = args[0];
    const text = typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? '?');
    // A prepared statement by its name (es_append_next, es_append_many, ...): more telling than its verb.
    const kind = (first as { name?: string } | undefined)?.name ?? kindOf(text);
    statements.set(kind, (statements.get(kind) ?? 0) + 1);
    if (kind === 'BEGIN') begun.set(this, { at: performance.now(), locked: false });
    const transaction = begun.get(this);
    if (transaction && text.includes('pg_advisory_xact_lock(')) transaction.locked = true;
    const result = original.apply(this, args);
    if ((kind === 'COMMIT' || kind === 'ROLLBACK') && transaction) {
      begun.delete(this);
      const then = (result as Promise<unknown> | undefined)?.then;
      if (kind === 'COMMIT' && transaction.locked && typeof then === 'function') {
        (result as Promise<unknown>).then(
          () => transactionsMs.push(performance.now() - transaction.at),
          () => undefined,
        );
      }
    }
    return result;
  };
  try {
    return { result: await run(), statements, transactionsMs };
  } finally {
    prototype.query = original;
  }
}

/** E.g. "0.40 SQL statements per fact over the whole service (es_append_many 0.10, BEGIN 0.02, ...)". */
export function describeStatements(statements: Map<string, number>, facts: number): string {
  const per = (count: number): string => (count / Math.max(1, facts)).toFixed(2);
  // The raw baseline's own INSERTs, when it ran alongside, are not the service's.
  const sorted = [...statements.entries()].filter(([kind]) => !kind.includes('bench_raw')).sort((a, b) => b[1] - a[1]);
  const total = sorted.reduce((sum, [, n]) => sum + n, 0);
  return `${per(total)} SQL statements per fact over the whole service, read models' projections included (${sorted.map(([k, n]) => `${k} ${per(n)}`).join(', ')})`;
}

/**
 * E.g. "the 800 transactions holding a contract's lock (one per fact) took p50 2.10 / mean 2.30 / p99
 * 6.00 ms: a contract, its commands one at a time, allows at most 435 facts/s at that mean". `factsEach`: facts
 * per transaction (1 for single commands; an import's chunk holds several).
 */
export function describeTransactions(transactionsMs: number[], factsEach = 1): string {
  if (transactionsMs.length === 0) return "no command took the locked path (a transaction holding its contract's lock)";
  const sorted = [...transactionsMs].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  const mean = sorted.reduce((sum, ms) => sum + ms, 0) / sorted.length;
  const each = factsEach === 1 ? 'one per fact' : `up to ${factsEach} facts each`;
  const text = `the ${sorted.length} transactions holding a contract's lock (${each}; BEGIN to COMMIT) took p50 ${at(50).toFixed(2)} / mean ${mean.toFixed(2)} / p99 ${at(99).toFixed(2)} ms`;
  return factsEach === 1 ? `${text}: a contract, its commands one at a time, allows at most ${Math.round(1000 / mean)} facts/s at that mean` : text;
}
