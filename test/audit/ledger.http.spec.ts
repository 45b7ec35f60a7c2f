import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashFromHex, hashLeaf, NoteSigner, openCheckpoint, readExportDirectory, verifyConsistency, verifyExport, verifyInclusion } from '#ledger';
import { ApiClient } from '#test-support/api-client.js';
import { startTestApp, TEST_LEDGER_SIGNING_KEY, type TestApp } from '#test-support/test-app.js';
import { createTokens } from '#test-support/tokens.js';
import { recordWorkedExample, type WorkedExample } from '#test-support/worked-example.js';
import { untar } from './tar-files.js';

const CPR = '070190-1234';
const vkey = NoteSigner.parse(TEST_LEDGER_SIGNING_KEY).verifier;
const hashes = (hex: string[]) => hex.map((h) => hashFromHex(h)!);

describe('the verifiable log over HTTP', () => {
  let t: TestApp;
  let auditor: ApiClient;
  let payments: ApiClient;
  let outsider: ApiClient;
  let example: WorkedExample;
  let firstCheckpoint: { treeSize: number; note: string };
  const dirs: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    const tokens = await createTokens(t.app, {
      commissioner: { role: 'commissioner', contracts: ['aalborg-impact60', 'aalborg-impact60-b'] },
      provider: { role: 'provider', contracts: ['aalborg-impact60', 'aalborg-impact60-b'] },
      auditor: { role: 'auditor', contracts: ['aalborg-impact60', 'aalborg-impact60-b'] },
      payments: { role: 'payment-service', contracts: ['aalborg-impact60'] },
      outsider: { role: 'auditor', contracts: ['someone-else'] },
    });
    const api = new ApiClient(t.baseUrl);
    auditor = api.as(tokens.auditor);
    payments = api.as(tokens.payments);
    outsider = api.as(tokens.outsider);
    const clients = { commissioner: api.as(tokens.commissioner), provider: api.as(tokens.provider) };
    await recordWorkedExample(clients, { contractId: 'aalborg-impact60-b', upToRow: 2, cpr: '080190-1234' });
    firstCheckpoint = (await auditor.post('/ledger/checkpoints')).body;
    example = await recordWorkedExample(clients, { cpr: CPR });
    const confirmed = await payments.post(`/contracts/aalborg-impact60/payments/${encodeURIComponent(example.paymentId('JOB_START', 1))}/confirmation`, {
      reference: 'pay-1',
      confirmedOn: '2019-03-01',
    });
    expect(confirmed.status).toBe(201);
    expect((await auditor.post('/ledger/checkpoints')).status).toBe(200);
  });
  afterAll(async () => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  it('publishes its public key to anyone, and signs checkpoints on demand that open with it', async () => {
    const key = await new ApiClient(t.baseUrl).get('/ledger/public-key');
    expect(key.status).toBe(200);
    expect(key.body).toEqual({ origin: 'ledger.test/outcome-verification', verifierKey: vkey.toString(), algorithm: 'Ed25519' });
    expect(firstCheckpoint.treeSize).toBeGreaterThan(5);
    const latest = await auditor.get('/ledger/checkpoints/latest');
    expect(latest.status).toBe(200);
    const opened = openCheckpoint(latest.body.note, vkey);
    expect(opened).toHaveProperty('checkpoint');
    expect(latest.body.rootHash).toBe((opened as { checkpoint: { rootHash: Buffer } }).checkpoint.rootHash.toString('hex'));
    expect((await auditor.get(`/ledger/checkpoints/${firstCheckpoint.treeSize}`)).body.note).toBe(firstCheckpoint.note);
  });

  it('proves any event by ledger index and by id, and a payment identity’s OutcomeVerified, against the checkpoint', async () => {
    const byIndex = await auditor.get('/ledger/leaves/40/inclusion-proof');
    expect(byIndex.status).toBe(200);
    const proof = byIndex.body;
    expect(hashLeaf(Buffer.from(proof.leaf, 'utf8')).toString('hex')).toBe(proof.leafHash);
    const { checkpoint } = openCheckpoint(proof.checkpoint, vkey) as { checkpoint: { rootHash: Buffer; treeSize: number } };
    expect(proof.treeSize).toBe(checkpoint.treeSize);
    expect(verifyInclusion(40, proof.treeSize, hashFromHex(proof.leafHash)!, hashes(proof.proof), checkpoint.rootHash)).toEqual({ ok: true });
    const eventId = JSON.parse(proof.leaf).event.eventId;
    expect((await auditor.get(`/ledger/events/${eventId}/inclusion-proof`)).body).toEqual(proof);

    const paymentId = example.paymentId('SELF_SUPPORT_26W', 1, 2);
    const payment = await payments.get(`/contracts/aalborg-impact60/payments/${encodeURIComponent(paymentId)}/inclusion-proof`);
    expect(payment.status).toBe(200);
    const leaf = JSON.parse(payment.body.leaf);
    expect(leaf.event).toMatchObject({ type: 'OutcomeVerified', data: { paymentId, amount: 6000000 } });
    expect(
      verifyInclusion(
        payment.body.ledgerIndex,
        payment.body.treeSize,
        hashLeaf(Buffer.from(payment.body.leaf)),
        hashes(payment.body.proof),
        checkpoint.rootHash,
      ),
    ).toEqual({ ok: true });
    // With where its money stands, from its own events, each provable by its id.
    expect(payment.body.payment).toEqual({
      paymentId,
      state: 'due',
      events: [{ eventId: leaf.event.eventId, type: 'OutcomeVerified', streamVersion: leaf.event.streamVersion }],
    });
    const stateOf = async (id: string) => (await payments.get(`/contracts/aalborg-impact60/payments/${encodeURIComponent(id)}/inclusion-proof`)).body.payment;
    expect(await stateOf(example.paymentId('JOB_START', 1))).toMatchObject({
      state: 'paid',
      events: [{ type: 'OutcomeVerified' }, { type: 'PaymentConfirmed' }],
    });
    expect(await stateOf(example.paymentId('SELF_SUPPORT_26W', 1, 1))).toMatchObject({
      state: 'cancelled',
      events: [{ type: 'OutcomeVerified' }, { type: 'OutcomeReversed' }],
    });
    const older = await auditor.get(`/ledger/leaves/3/inclusion-proof?treeSize=${firstCheckpoint.treeSize}`);
    expect(older.body.treeSize).toBe(firstCheckpoint.treeSize);
  });

  it('proves that the latest checkpoint extends an earlier one', async () => {
    const latest = (await auditor.get('/ledger/checkpoints/latest')).body;
    const response = await payments.get(`/ledger/consistency-proof?from=${firstCheckpoint.treeSize}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      fromSize: firstCheckpoint.treeSize,
      toSize: latest.treeSize,
      fromCheckpoint: firstCheckpoint.note,
      toCheckpoint: latest.note,
    });
    const old = (openCheckpoint(firstCheckpoint.note, vkey) as { checkpoint: { rootHash: Buffer } }).checkpoint;
    expect(verifyConsistency(firstCheckpoint.treeSize, latest.treeSize, old.rootHash, hashFromHex(latest.rootHash)!, hashes(response.body.proof))).toEqual({
      ok: true,
    });
  });

  it('answers bad input with a 400 naming the field, and what it does not have with a 404', async () => {
    const cases: Array<[string, number, string | undefined]> = [
      ['/ledger/leaves/-1/inclusion-proof', 400, 'index'],
      ['/ledger/leaves/abc/inclusion-proof', 400, 'index'],
      ['/ledger/leaves/1/inclusion-proof?treeSize=0', 400, 'treeSize'],
      ['/ledger/leaves/1/inclusion-proof?treeSize=1.5', 400, 'treeSize'],
      ['/ledger/events/not-a-uuid/inclusion-proof', 400, 'eventId'],
      ['/ledger/consistency-proof', 400, 'from'],
      ['/ledger/consistency-proof?from=0', 400, 'from'],
      ['/ledger/consistency-proof?from=99999999', 400, 'from'],
      ['/ledger/checkpoints/abc', 400, 'treeSize'],
      ['/ledger/checkpoints/7', 404, 'treeSize'],
      ['/ledger/leaves/99999999/inclusion-proof', 404, 'index'],
      ['/ledger/leaves/1/inclusion-proof?treeSize=7', 404, 'treeSize'],
      ['/ledger/events/00000000-0000-4000-8000-000000000000/inclusion-proof', 404, 'eventId'],
      ['/contracts/aalborg-impact60/payments/aalborg-impact60:p_x:JOB_START:1:1/inclusion-proof', 404, 'paymentId'],
    ];
    for (const [path, status, field] of cases) {
      const response = await auditor.get(path);
      expect([path, response.status, response.body.field]).toEqual([path, status, field]);
      expect(typeof response.body.message).toBe('string');
    }
  });

  it('shows an event’s proof only to principals of its contract: to others it is an index with no event', async () => {
    const outside = await outsider.get('/ledger/leaves/40/inclusion-proof');
    expect([outside.status, outside.text]).toEqual([404, (await outsider.get(`/ledger/leaves/${Number.MAX_SAFE_INTEGER}/inclusion-proof`)).text]);
  });

  it('downloads an audit export that the offline verifier passes, with no CPR number in it', async () => {
    const response = await fetch(`${t.baseUrl}/contracts/aalborg-impact60/audit-export`, {
      headers: { authorization: `Bearer ${(auditor as unknown as { token: string }).token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-tar');
    const dir = mkdtempSync(join(tmpdir(), 'audit-http-'));
    dirs.push(dir);
    const names = await untar(Buffer.from(await response.arrayBuffer()), dir);
    const folder = names[0].split('/')[0];
    expect(names.map((n) => n.split('/')[1]).sort()).toEqual([
      'checkpoint.txt',
      'events.jsonl',
      'ledger.jsonl',
      'manifest.json',
      'proof.json',
      'public-key.txt',
    ]);
    const report = await verifyExport(await readExportDirectory(join(dir, folder)), { trustedKey: vkey.toString() });
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(true);
    for (const name of names) {
      const text = readFileSync(join(dir, name), 'utf8');
      expect(text).not.toContain(CPR);
      expect(text).not.toContain(CPR.replace('-', ''));
    }
  });
});
