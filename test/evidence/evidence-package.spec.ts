import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cloneContractState, type DateGranularity } from '#domain';
import { computeFigures, contractEvidence, evidenceTables, ExportPseudonyms, writeEvidencePackage } from '#evidence';
import { csvRows, profileProblems, type Resource, sha256, tableProblems, tablesFromCsv, unzip } from './package-reader.js';
import { KEY, syntheticHarness } from './synthetic-contract.js';

/** The package writer on its own: a real file written and read back as an evaluator would. */
describe('an evidence package, written to a file and read back', () => {
  const { harness, cprs, pseudonyms } = syntheticHarness({ seed: 7, citizens: 60, weeks: 52 });
  const state = cloneContractState(harness.state);
  const evidence = contractEvidence(state, '2019-09-01');
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ov-evidence-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function write(name: string, granularity: DateGranularity = 'day', pseudonyms = ExportPseudonyms.forThisExport()) {
    const path = join(dir, name);
    const meta = {
      exportId: '0b7c5f0e-5d0c-4a53-9a54-6f1c1f3e2a10',
      contractId: 'aalborg-impact60',
      asOf: '2019-09-01T12:00:00.000000Z',
      created: '2019-09-01T12:00:01.000Z',
      takenAt: { streamVersion: state.version, globalPosition: String(state.version), transactionId: '1' },
      granularity,
      studyKey: pseudonyms.studyKey,
    };
    await writeEvidencePackage(evidence, meta, { pseudonyms, granularity }, createWriteStream(path));
    const zip = readFileSync(path);
    const files = await unzip(zip);
    const descriptor = JSON.parse(files.get('datapackage.json')!.toString('utf8'));
    return { path, zip, files, descriptor, resources: descriptor.resources as Resource[] };
  }

  it('is a valid Data Package (v2) whose every CSV keeps its Table Schema, with each resource’s true size and SHA-256', async () => {
    const { files, descriptor, resources } = await write('day.zip');
    expect(profileProblems(descriptor)).toEqual([]);
    expect(tableProblems(resources, files)).toEqual([]);
    expect([...files.keys()].sort()).toEqual(['README.md', 'datapackage.json', ...resources.filter((r) => r.path !== 'README.md').map((r) => r.path)].sort());
    for (const resource of resources) {
      const content = files.get(resource.path)!;
      expect([resource.path, resource.bytes, resource.hash]).toEqual([resource.path, content.length, `sha256:${sha256(content)}`]);
    }
    expect(descriptor.evidence).toMatchObject({ contractId: 'aalborg-impact60', takenAt: { streamVersion: state.version }, dateGranularity: 'day' });
    expect(descriptor.evidence.ledger).toBeUndefined();
  });

  it('the profile check is not a rubber stamp: it refuses a descriptor without resources or with a bad hash', async () => {
    const { descriptor } = await write('broken.zip');
    expect(profileProblems({ ...descriptor, resources: [] })).not.toEqual([]);
    expect(profileProblems({ ...descriptor, resources: [{ ...descriptor.resources[1], hash: 'sha256:nothex' }] })).not.toEqual([]);
  });

  it('has the figures in it: the CSVs alone give the same figures as the service’s own tables', async () => {
    const { files } = await write('figures.zip');
    const fromCsv = computeFigures(tablesFromCsv(files));
    const fromService = computeFigures(evidenceTables(evidence));
    expect(fromCsv).toEqual(fromService);
    expect(fromService.funnel[0].participants).toBe(60);
    expect(fromService.jobsBeforeLastingAttachment.participants).not.toBeNull();
  });

  it('holds no CPR number, no in-service pseudonym and no employer reference', async () => {
    const { files } = await write('grep.zip');
    const everything = [...files.values()].map((b) => b.toString('utf8')).join('\n');
    for (const cpr of cprs) {
      expect(everything).not.toContain(cpr);
      expect(everything).not.toContain(cpr.replace('-', ''));
    }
    for (const p of pseudonyms) expect(everything).not.toContain(p);
    expect(everything).not.toMatch(/p_[0-9a-f]{32}/);
    expect(everything).not.toMatch(/employer-\d{3}/);
  });

  it('two exports without a study key share no pseudonym and no row order; one study key gives the same pseudonyms, another none of them', async () => {
    const ids = async (name: string, pseudonymiser?: ExportPseudonyms) =>
      csvRows((await write(name, 'day', pseudonymiser)).files.get('data/participants.csv')!).rows.map((r) => r.participant);
    const [a, b] = [await ids('a.zip'), await ids('b.zip')];
    expect(a).toHaveLength(60);
    expect(a.filter((id) => b.includes(id))).toEqual([]);
    const study = (name: string, evaluator = 'aarhus-university') => ExportPseudonyms.forStudy(KEY, evaluator, name);
    const [s1, s2] = [await ids('s1.zip', study('impact60-2019')), await ids('s2.zip', study('impact60-2019'))];
    expect(s2).toEqual(s1);
    expect((await ids('s3.zip', study('another-study'))).filter((id) => s1.includes(id))).toEqual([]);
    expect((await ids('s4.zip', study('impact60-2019', 'another-evaluator'))).filter((id) => s1.includes(id))).toEqual([]);
  });

  it.each([
    ['week', /^\d{4}-W\d{2}$/],
    ['month', /^\d{4}-\d{2}$/],
  ] as const)('coarsens every date to its %s, and the schema says so', async (granularity, shape) => {
    const { files, descriptor, resources } = await write(`${granularity}.zip`, granularity);
    expect(profileProblems(descriptor)).toEqual([]);
    expect(tableProblems(resources, files)).toEqual([]);
    const participants = csvRows(files.get('data/participants.csv')!).rows;
    expect(participants.every((p) => shape.test(p.referredOn))).toBe(true);
    const placements = csvRows(files.get('data/placements.csv')!).rows;
    expect(placements.length).toBeGreaterThan(0);
    expect(placements.every((p) => shape.test(p.startDate))).toBe(true);
    expect(files.get('data/occurrences.csv')!.toString()).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('streams: the file on disk is the ZIP the resources were hashed into', async () => {
    const { path, zip } = await write('stream.zip');
    expect(statSync(path).size).toBe(zip.length);
    const chunks: Buffer[] = [];
    for await (const chunk of createReadStream(path)) chunks.push(chunk as Buffer);
    expect(sha256(Buffer.concat(chunks))).toBe(sha256(zip));
  });
});
