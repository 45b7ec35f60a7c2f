import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { addDays } from '#domain';
import { HttpClient } from '../../bench/http-client.js';
import { cohortFiles, FACTS_PER_PARTICIPANT, participantIds } from '../../bench/scale-cohort.js';
import { firstPageOf, itemsOf } from '../../bench/scale-reads.js';
import { type SizeResult, verdicts } from '../../bench/scale-report.js';

// The scale benchmark's instrument (npm run bench:scale): what it sends, how it reads lists whose
// shape other work is changing, and how it judges its targets. No service: the benchmark itself
// runs it against one.

const KEY = Buffer.from('cd'.repeat(32), 'hex');

describe('the scale benchmark: its import files', () => {
  const ids = participantIds(104, 3, KEY);
  const files = [...cohortFiles(104, ids, 40)];
  const lines = files.flatMap((file) =>
    file.body
      .trimEnd()
      .split('\n')
      .map((line) => ({ sender: file.sender, ...JSON.parse(line) })),
  );

  it('brings each participant in with about 50 facts, each line once', () => {
    expect(FACTS_PER_PARTICIPANT).toBeGreaterThanOrEqual(45);
    expect(FACTS_PER_PARTICIPANT).toBeLessThanOrEqual(55);
    expect(lines).toHaveLength(3 * FACTS_PER_PARTICIPANT);
    expect(new Set(lines.map((line) => line.commandId)).size).toBe(lines.length);
    expect(files.every((file) => file.lines <= 40 && file.lines === file.body.trimEnd().split('\n').length)).toBe(true);
    for (const id of ids) expect(lines.filter((line) => line.data.participantId === id)).toHaveLength(FACTS_PER_PARTICIPANT - 1);
  });

  it('refers, then enrols, then records, each by the role that may send it', () => {
    const firstIndex = (type: string) => lines.findIndex((line) => line.type === type);
    const lastIndex = (type: string) => lines.map((line) => line.type).lastIndexOf(type);
    expect(lastIndex('ReferParticipant')).toBeLessThan(firstIndex('EnrolParticipant'));
    expect(lastIndex('EnrolParticipant')).toBeLessThan(Math.min(firstIndex('RecordBenefitWeek'), firstIndex('StartPlacement')));
    for (const line of lines) {
      const commissioner = line.type === 'ReferParticipant' || line.type === 'RecordBenefitWeek';
      expect([line.type, line.sender]).toEqual([line.type, commissioner ? 'commissioner' : 'provider']);
    }
    expect(lines.filter((line) => line.type === 'RevokePayrollEvidence')).toHaveLength(0);
  });

  it('staggers the participants over the weeks of a year', () => {
    const enrolled = lines.filter((line) => line.type === 'EnrolParticipant').map((line) => line.data.enrolledOn as string);
    expect(enrolled).toEqual([0, 1, 2].map((k) => addDays('2018-10-01', 7 * ((104 + k) % 52))));
  });
});

describe('the scale benchmark: lists of any shape', () => {
  it('reads the items of an array, of today’s named member, or of a page', () => {
    expect(itemsOf([{ a: 1 }])).toEqual([{ a: 1 }]);
    expect(itemsOf({ contractId: 'c', occurrences: [{ paymentId: 'x' }] })).toEqual([{ paymentId: 'x' }]);
    expect(itemsOf({ items: [1, 2], next: 'cursor', other: [3] })).toEqual([1, 2]);
    expect(() => itemsOf({ next: null })).toThrow(/no array/);
  });
});

describe('the scale benchmark: a list’s first page, paged or not yet', () => {
  // A service on a real socket that pages one list, refuses `limit` on another (as today's
  // validation does: 400 naming the parameter) and fails on a third.
  let server: Server;
  let client: HttpClient;
  beforeAll(async () => {
    server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const answer = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (url.pathname === '/paged') return answer(200, { items: [], next: null });
      if (url.pathname === '/unpaged' && url.searchParams.has('limit'))
        return answer(400, { error: 'invalid-request', message: 'property limit should not exist', field: 'limit' });
      if (url.pathname === '/unpaged') return answer(200, { occurrences: [] });
      return answer(500, { error: 'internal' });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new HttpClient((server.address() as AddressInfo).port);
  });
  afterAll(async () => {
    client.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('asks for 100 items where the list is paged', async () => {
    await expect(firstPageOf(client, '/paged', 'token')).resolves.toEqual({ path: '/paged?limit=100' });
  });

  it('reads the whole list, and says so, where the service refuses `limit`', async () => {
    await expect(firstPageOf(client, '/unpaged', 'token')).resolves.toEqual({ path: '/unpaged', note: 'not paged: the whole list' });
  });

  it('fails loudly on any other answer that is not 2xx', async () => {
    await expect(firstPageOf(client, '/broken', 'token')).rejects.toThrow('GET /broken?limit=100 answered 500');
  });
});

describe('the scale benchmark: its targets', () => {
  const size = (target: number, stepFacts: number, stepImportMs: number, p99: number, importMsSoFar = 0): SizeResult =>
    ({ target, stepFacts, stepImportMs, importMsSoFar, reads: [{ name: 'timeline', samplesMs: [p99 / 2, p99], bytes: 0 }] }) as SizeResult;

  it('judges the import rate, the reads and the national year from what was measured', () => {
    const met = verdicts([size(10_000, 10_000, 2_000, 10), size(1_000_000, 900_000, 200_000, 49), size(5_000_000, 4_000_000, 500_000, 10, 800_000)]);
    expect(met.map((v) => v.verdict)).toEqual(['met', 'met', 'met']);
    const missed = verdicts([size(10_000, 10_000, 2_000, 10), size(1_000_000, 900_000, 300_000, 50), size(5_000_000, 4_000_000, 500_000, 10, 900_000)]);
    expect(missed.map((v) => v.verdict)).toEqual(['missed', 'missed', 'missed']);
    expect(missed[1].measured).toBe('timeline 50 ms');
  });

  it('says what was not measured', () => {
    expect(verdicts([size(10_000, 10_000, 2_000, 10)]).map((v) => v.verdict)).toEqual(['not measured', 'not measured', 'not measured']);
  });
});
