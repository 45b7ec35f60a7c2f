import { transformFileSync } from '@swc/core';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ledgerRecordLine } from '../export/audit-export.js';
import { NoteSigner } from '../note/note-keys.js';
import { recordWorkedExample } from '../testing/contract-history.js';
import { InMemoryLedger } from '../testing/in-memory-ledger.js';
import { VERIFIER_JOBS } from './verifier-jobs.js';
import { createVerifierThreads, type VerifierThreads } from './verifier-threads.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const SRC = resolve(HERE, '..');

/**
 * The tests run the sources, where the threads have no compiled worker to start; so this compiles
 * the worker and what it imports (relative imports only, as the test checks) into a folder of its own.
 */
function compileWorker(out: string): URL {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const [, specifier] of source.matchAll(/(?:^|\n)\s*(?:import|export)\s(?!type\b)[^;]*?from\s+'([^']+)'/g)) {
      if (specifier.startsWith('#'))
        throw new Error(`${relative(SRC, file)} imports ${specifier}: the verifier's threads import only relative modules and Node's`);
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
    }
    const target = join(out, relative(SRC, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, transformFileSync(file, { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } }).code);
  };
  visit(join(HERE, 'verifier-thread.worker.ts'));
  writeFileSync(join(out, 'package.json'), '{"type":"module"}');
  return pathToFileURL(join(out, 'verify', 'verifier-thread.worker.js'));
}

describe('the verifier’s threads', () => {
  const STREAM = 'contract-aalborg-impact60';
  let out: string;
  let threads: VerifierThreads;
  let events: string[];
  let records: string[];

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'ov-verifier-threads-'));
    const worker = compileWorker(out);
    // Else the threads would quietly run the jobs on this thread.
    expect(existsSync(fileURLToPath(worker))).toBe(true);
    threads = createVerifierThreads(2, worker);
    const { signer } = NoteSigner.generate('ledger.test/outcomes');
    const ledger = new InMemoryLedger(signer);
    recordWorkedExample(ledger, STREAM);
    ledger.sequence();
    ledger.checkpoint();
    const exported = await ledger.export('aalborg-impact60', STREAM);
    events = exported.events;
    records = exported.ledger.map(ledgerRecordLine);
  });
  afterAll(async () => {
    await threads.close();
    rmSync(out, { recursive: true, force: true });
  });

  const block = (lines: readonly string[]): Uint8Array => new Uint8Array(Buffer.from(`${lines.join('\n')}\n`));

  it('give each job’s output to its own caller, as the job gives it on this thread', async () => {
    const cuts = [0, 7, 8, 20, 33, events.length];
    const jobs = cuts.slice(1).flatMap((end, i) => {
      const lines = { events: events.slice(cuts[i], end), records: records.slice(cuts[i], end) };
      const pairs = { streamId: STREAM, withEvents: true };
      return [
        { kind: 'pairs' as const, input: () => ({ ...pairs, events: block(lines.events), ledger: block(lines.records) }) },
        { kind: 'leaves' as const, input: () => ({ block: block(lines.events), withEvents: i % 2 === 0 }) },
      ];
    });
    const outputs = await Promise.all(jobs.map((job) => threads.run(job.kind, job.input() as never)));
    outputs.forEach((output, i) => expect(output).toEqual((VERIFIER_JOBS[jobs[i].kind] as (input: unknown) => unknown)(jobs[i].input())));
    // Not a single null: every one of those blocks is as an honest export has it.
    expect(outputs.filter((output, i) => jobs[i].kind === 'pairs' && output === null)).toEqual([]);
  });

  it('move a block that is a view into a larger buffer without taking the buffer from its owner', async () => {
    const whole = Buffer.from(`${events.join('\n')}\n`);
    const view = whole.subarray(0, whole.indexOf('\n') + 1);
    const chunk = await threads.run('leaves', { block: view, withEvents: false });
    expect(chunk.eventId).toHaveLength(1);
    expect(whole.byteLength).toBeGreaterThan(view.byteLength);
    expect(whole.toString('utf8', 0, 10)).toBe(events[0].slice(0, 10));
  });

  it('reject the caller whose job fails, and go on with the others', async () => {
    const other = threads.run('pairs', { events: block(events.slice(0, 2)), ledger: block(records.slice(0, 2)), streamId: STREAM, withEvents: false });
    await expect(threads.run('nothing' as never, {} as never)).rejects.toThrow();
    await expect(other).resolves.toMatchObject({ count: 2 });
  });
});
