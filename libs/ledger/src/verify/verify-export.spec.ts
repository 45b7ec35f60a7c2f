import fc from 'fast-check';
import { type AuditExport, ledgerRecordLine, sourceOf } from '../export/audit-export.js';
import { NoteSigner } from '../note/note-keys.js';
import { recordWorkedExample } from '../testing/contract-history.js';
import { InMemoryLedger } from '../testing/in-memory-ledger.js';
import { reSignedExport } from '../testing/re-signed-export.js';
import { fullPass } from './full-pass.js';
import { pairedPass } from './paired-pass.js';
import { verifyExport } from './verify-export.js';
import { Findings, formatReport, type VerificationReport } from './verification-report.js';
import { createVerifierThreads } from './verifier-threads.js';

const STREAM = 'contract-aalborg-impact60';
const { signer } = NoteSigner.generate('ledger.test/outcomes');
const trustedKey = signer.verifier.toString();

function freshLedger(): InMemoryLedger {
  const ledger = new InMemoryLedger(signer);
  recordWorkedExample(ledger, STREAM);
  ledger.sequence();
  ledger.checkpoint();
  return ledger;
}

const verify = async (ledger: InMemoryLedger, options = {}): Promise<VerificationReport> =>
  verifyExport(sourceOf(await ledger.export('aalborg-impact60', STREAM)), { trustedKey, ...options });

const failedIndices = (report: VerificationReport): Array<number | null> => [...new Set(report.failures.map((f) => f.index))];
const streamEvents = (ledger: InMemoryLedger) => ledger.events.filter((e) => e.streamId === STREAM);
const indexOf = (ledger: InMemoryLedger, eventId: string): number => ledger.leaves.find((l) => l.eventId === eventId)!.index;

describe('the offline verifier on an untouched export', () => {
  it('verifies the signature, every leaf, the chain, the head, the tree and the arithmetic', async () => {
    const ledger = freshLedger();
    const report = await verify(ledger);
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => [c.check, c.ok])).toEqual([
      ['key', true],
      ['checkpoint', true],
      ['export', true],
      ['leaves', true],
      ['chain', true],
      ['head', true],
      ['tree', true],
      ['arithmetic', true],
    ]);
    const arithmetic = report.checks.find((c) => c.check === 'arithmetic')!.summary;
    expect(arithmetic).toMatch(/^\d+ facts replayed/);
    expect(arithmetic).toContain('1 payment confirmations');
    expect(formatReport(report)).toContain('VERIFIED');
  });

  it('still verifies after more events of both streams and a later checkpoint', async () => {
    const ledger = freshLedger();
    ledger.append('contract-other', [{ type: 'Noise', data: { n: 1 }, recordedAt: '2020-01-01T00:00:00.000000Z' }]);
    ledger.sequence();
    ledger.checkpoint();
    expect((await verify(ledger)).failures).toEqual([]);
  });

  it('fails when the checkpoint is not signed by the trusted key, or the export brings another key', async () => {
    const ledger = freshLedger();
    const stranger = NoteSigner.generate('ledger.test/outcomes').signer.verifier.toString();
    const report = await verify(ledger, { trustedKey: stranger });
    expect(report.ok).toBe(false);
    expect(report.failures.map((f) => f.check)).toEqual(['key', 'checkpoint']);
  });
});

describe('the offline verifier fails closed', () => {
  const exportOf = (ledger: InMemoryLedger): Promise<AuditExport> => ledger.export('aalborg-impact60', STREAM);
  const checksFailed = (report: VerificationReport) => [...new Set(report.failures.map((f) => f.check))];

  it('fails without a pinned key; trusting the export’s own key verifies, and the report says whose key it trusted', async () => {
    const ledger = freshLedger();
    const unpinned = await verifyExport(sourceOf(await exportOf(ledger)));
    expect(unpinned.failures).toEqual([{ check: 'key', index: null, message: expect.stringMatching(/^no key pinned: /) }]);
    const trusted = await verifyExport(sourceOf(await exportOf(ledger)), { trustExportKey: true });
    expect(trusted.ok).toBe(true);
    expect(trusted.key).toEqual({ pinned: false, fingerprint: signer.verifier.fingerprint });
    expect(formatReport(trusted)).toContain(`VERIFIED WITH A KEY YOU DID NOT PIN: the export’s own key, fingerprint ${signer.verifier.fingerprint}.`);
    expect((await verify(ledger)).key).toEqual({ pinned: true, fingerprint: signer.verifier.fingerprint });
  });

  it('a forgery re-signed with another key verifies only against that key, whose fingerprint the report gives', async () => {
    const forger = NoteSigner.generate('ledger.test/outcomes').signer;
    const forged = await reSignedExport(await exportOf(freshLedger()), forger, (events) =>
      events.map((e) => (e.type === 'PaymentConfirmed' ? { ...e, data: { ...(e.data as object), reference: 'forged' } } : e)),
    );
    const trusted = await verifyExport(sourceOf(forged), { trustExportKey: true });
    expect(trusted.ok).toBe(true);
    expect(trusted.key.fingerprint).toBe(forger.verifier.fingerprint);
    expect(trusted.key.fingerprint).not.toBe(signer.verifier.fingerprint);
    expect(checksFailed(await verifyExport(sourceOf(forged), { trustedKey }))).toEqual(['key', 'checkpoint']);
  });

  it('an empty history (every event removed, head null, the root as the only proof hash) fails', async () => {
    const ledger = freshLedger();
    const exported = await exportOf(ledger);
    const root = ledger.checkpoints[0].split('\n')[2];
    const empty: AuditExport = {
      ...exported,
      manifest: { ...exported.manifest, events: 0 },
      events: [],
      ledger: [],
      proof: { ...exported.proof, hashes: [Buffer.from(root, 'base64').toString('hex')], head: null, headProof: null },
    };
    const report = await verifyExport(sourceOf(empty), { trustedKey });
    expect(report.ok).toBe(false);
    expect(report.failures.map((f) => [f.check, f.message.split(':')[0]])).toEqual([
      ['head', 'the export holds no event of the contract and no signed head'],
      ['tree', 'the export has no ledger record to prove'],
    ]);
  });

  it('every manifest member is checked: the events count against events.jsonl, no member more or less', async () => {
    const exported = await exportOf(freshLedger());
    const lowered = await verifyExport(sourceOf({ ...exported, manifest: { ...exported.manifest, events: exported.manifest.events - 1 } }), { trustedKey });
    expect(lowered.failures.map((f) => f.message)).toEqual([
      `the manifest says ${exported.events.length - 1} events, events.jsonl holds ${exported.events.length}`,
    ]);
    for (const manifest of [
      { ...exported.manifest, signedBy: 'the service' },
      { ...exported.manifest, exportedAt: '2026-13-01T00:00:00Z' },
    ]) {
      const report = await verifyExport(sourceOf({ ...exported, manifest: manifest }), { trustedKey });
      expect(report.failures[0].message).toMatch(/^the manifest is not a outcome-ledger\/audit-export\/v1 manifest/);
    }
  });

  it('a member the proof’s layout does not have is refused, in the head too', async () => {
    const exported = await exportOf(freshLedger());
    const head = { ...exported.proof.head!, verified: true } as AuditExport['proof']['head'];
    const report = await verifyExport(sourceOf({ ...exported, proof: { ...exported.proof, head } }), { trustedKey });
    expect(report.failures.map((f) => f.message)).toContain('the proof file does not have the layout of a slice proof');
  });

  it('recording instants never go back in stream order; a fact dated before the contract’s registration fails at its index', async () => {
    const ledger = new InMemoryLedger(signer);
    recordWorkedExample(ledger, STREAM);
    const [late, back] = ledger.append(STREAM, [
      { type: 'Noise', data: {}, recordedAt: '2019-12-02T00:00:00.000000Z' },
      { type: 'Noise', data: {}, recordedAt: '2019-12-01T00:00:00.000000Z' },
    ]);
    const placement = streamEvents(ledger).find((e) => e.type === 'PlacementStarted')!;
    placement.recordedAt = '2018-06-01T09:00:00.000000Z';
    ledger.sequence();
    ledger.checkpoint();
    const report = await verify(ledger, { arithmetic: false });
    expect(report.failures).toEqual([
      {
        check: 'instants',
        index: indexOf(ledger, placement.eventId),
        message: expect.stringContaining('is recorded at 2018-06-01T09:00:00.000000Z, before the contract’s first event'),
      },
      {
        check: 'instants',
        index: indexOf(ledger, back.eventId),
        message: expect.stringContaining(`before the stream’s previous event (stream version ${late.streamVersion}, recorded at 2019-12-02T00:00:00.000000Z)`),
      },
    ]);
  });

  it('blank lines and lines out of ledger order are read past, and the report says so', async () => {
    const exported = await exportOf(freshLedger());
    const source = {
      ...sourceOf(exported),
      eventBlocks: async function* () {
        yield Buffer.from(`\n${[...exported.events].reverse().join('\n')}\n\n`);
      },
      ledgerBlocks: async function* () {
        yield Buffer.from(`${[...exported.ledger].reverse().map(ledgerRecordLine).join('\n')}\n`);
      },
    };
    const report = await verifyExport(source, { trustedKey });
    expect(report.failures).toEqual([]);
    expect(report.tolerated).toEqual([
      'ledger.jsonl: lines not in ledger order (each names its index; they were read in that order)',
      'events.jsonl: 2 blank lines skipped',
      'events.jsonl: lines not in ledger order (each names its index; they were read in that order)',
    ]);
    expect(formatReport(report)).toMatch(
      /Read past \(an exporter does not write it; no signed byte depends on it\):\n {2}ledger\.jsonl: lines not in ledger order[\s\S]*\nVERIFIED: /,
    );
  });
});

describe('the offline verifier on tampered exports: each kind of change is reported at its ledger index', () => {
  it('an event’s data edited', async () => {
    const ledger = freshLedger();
    const target = streamEvents(ledger).find((e) => e.type === 'PlacementStarted')!;
    (target.data as { hoursPerWeek: number }).hoursPerWeek = 40;
    const report = await verify(ledger);
    expect(report.ok).toBe(false);
    expect(failedIndices(report)).toContain(indexOf(ledger, target.eventId));
    expect(report.failures[0]).toMatchObject({ check: 'leaves', index: indexOf(ledger, target.eventId) });
  });

  it('an event’s metadata edited', async () => {
    const ledger = freshLedger();
    const target = streamEvents(ledger)[10];
    target.metadata = { ...target.metadata, actor: 'provider:someone-else' };
    expect(failedIndices(await verify(ledger))).toEqual([indexOf(ledger, target.eventId)]);
  });

  it('an event removed from the log (the ledger keeps its leaf)', async () => {
    const ledger = freshLedger();
    const target = streamEvents(ledger)[20];
    ledger.events.splice(ledger.events.indexOf(target), 1);
    const report = await verify(ledger);
    expect(report.ok).toBe(false);
    expect(report.failures.find((f) => f.check === 'leaves')).toMatchObject({ index: indexOf(ledger, target.eventId) });
  });

  it('an event removed from the log and from the ledger', async () => {
    const ledger = freshLedger();
    const target = streamEvents(ledger)[20];
    const index = indexOf(ledger, target.eventId);
    ledger.events.splice(ledger.events.indexOf(target), 1);
    ledger.leaves.splice(
      ledger.leaves.findIndex((l) => l.eventId === target.eventId),
      1,
    );
    const report = await verify(ledger);
    expect(report.failures.find((f) => f.check === 'chain')).toMatchObject({ index });
  });

  it('an event inserted into the history (later stream versions moved up)', async () => {
    const ledger = freshLedger();
    const events = streamEvents(ledger);
    const at = events[15];
    const index = indexOf(ledger, at.eventId);
    for (const e of events.slice(15)) e.streamVersion += 1;
    ledger.events.splice(ledger.events.indexOf(at), 0, {
      ...at,
      eventId: '00000000-0000-4000-8000-000000000001',
      streamVersion: at.streamVersion - 1,
      data: { ...(at.data as object) },
    });
    const report = await verify(ledger);
    expect(report.ok).toBe(false);
    expect(report.failures[0].index).toBe(index);
  });

  it('two events swapped', async () => {
    const ledger = freshLedger();
    const events = streamEvents(ledger);
    const [a, b] = [events[12], events[30]];
    [a.type, a.data, b.type, b.data] = [b.type, b.data, a.type, a.data];
    const report = await verify(ledger);
    expect(failedIndices(report)).toEqual(expect.arrayContaining([indexOf(ledger, a.eventId), indexOf(ledger, b.eventId)]));
  });

  it('a recorded amount changed, with the chain, the tree and the heads rebuilt by the attacker (who cannot sign)', async () => {
    const ledger = freshLedger();
    const target = streamEvents(ledger).find((e) => e.type === 'OutcomeVerified' && (e.data as { capReason: unknown }).capReason === 'participant-cap')!;
    (target.data as { amount: number }).amount = 3000000;
    const rebuilt = new InMemoryLedger(signer);
    rebuilt.events.push(...ledger.events);
    rebuilt.sequence();
    rebuilt.checkpoint();
    rebuilt.checkpoints.splice(0, 1, ledger.checkpoints[0]);
    const report = await verifyExport(sourceOf(await rebuilt.export('aalborg-impact60', STREAM)), { trustedKey });
    expect(report.ok).toBe(false);
    const arithmetic = report.failures.filter((f) => f.check === 'arithmetic');
    expect(arithmetic).toHaveLength(1);
    expect(arithmetic[0].index).toBe(indexOf(ledger, target.eventId));
    expect(arithmetic[0].message).toContain('amount 3000000, the rules give 0');
    expect(report.failures.map((f) => f.check)).toEqual(expect.arrayContaining(['tree', 'head']));
  });

  it('the stream’s last events removed from the log and the ledger', async () => {
    const ledger = freshLedger();
    const events = streamEvents(ledger);
    const lastIndex = indexOf(ledger, events[events.length - 1].eventId);
    for (const e of events.slice(-3)) {
      ledger.events.splice(ledger.events.indexOf(e), 1);
      ledger.leaves.splice(
        ledger.leaves.findIndex((l) => l.eventId === e.eventId),
        1,
      );
    }
    const report = await verify(ledger);
    expect(report.failures.find((f) => f.check === 'head')).toMatchObject({ index: lastIndex });
  });

  it('an outcome recorded that no fact gives, and an event type the verifier does not know', async () => {
    const ledger = freshLedger();
    const verified = streamEvents(ledger).find((e) => e.type === 'OutcomeVerified')!;
    ledger.append(STREAM, [
      {
        type: 'OutcomeVerified',
        data: { ...(verified.data as object), paymentId: 'aalborg-impact60:P2:JOB_START:1:1', participantId: 'P2' },
        recordedAt: '2019-12-02T00:00:00.000000Z',
      },
      { type: 'SettlementWaived', data: {}, recordedAt: '2019-12-02T00:00:00.000000Z' },
    ]);
    ledger.sequence();
    ledger.checkpoint();
    const report = await verify(ledger);
    const added = streamEvents(ledger)
      .slice(-2)
      .map((e) => indexOf(ledger, e.eventId));
    expect(report.failures.filter((f) => f.check === 'arithmetic').map((f) => f.index)).toEqual(added);
    expect(report.failures.map((f) => f.message).join('\n')).toMatch(
      /the rules give nothing more after the PaymentConfirmed[\s\S]*SettlementWaived is not known to this verifier/,
    );
  });

  it('another contract’s slice presented as this contract’s', async () => {
    const ledger = freshLedger();
    const exported = await ledger.export('aalborg-impact60', STREAM);
    exported.manifest.contractId = 'some-other-contract';
    const report = await verifyExport(sourceOf(exported), { trustedKey });
    expect(report.failures.map((f) => f.message)).toEqual([`stream ${STREAM} is not the stream of contract some-other-contract`]);
  });

  it('a changed proof hash or a changed leaf hash in the ledger file', async () => {
    const ledger = freshLedger();
    const exported: AuditExport = await ledger.export('aalborg-impact60', STREAM);
    exported.proof.hashes[0] = exported.proof.hashes[0].replace(/^./, (c) => (c === '0' ? '1' : '0'));
    expect((await verifyExport(sourceOf(exported), { trustedKey })).failures.map((f) => f.check)).toEqual(['tree']);
    const other = await ledger.export('aalborg-impact60', STREAM);
    other.ledger[5].leafHash = '0'.repeat(64);
    expect(failedIndices(await verifyExport(sourceOf(other), { trustedKey }))).toContain(other.ledger[5].index);
  });
});

describe('the two passes over an export', () => {
  const pass = { streamId: STREAM, withEvents: true };
  const clean = async (exported: AuditExport) => pairedPass(sourceOf(exported), { ...pass, treeSize: exported.manifest.treeSize }, createVerifierThreads(1));

  it('read an honest export once, and give what the head, tree and arithmetic checks need as the diagnosing pass gives it', async () => {
    const exported = await freshLedger().export('aalborg-impact60', STREAM);
    const once = await clean(exported);
    expect(once).toBeDefined();
    const findings = new Findings();
    const again = await fullPass(sourceOf(exported), { ...pass, treeSize: exported.manifest.treeSize }, createVerifierThreads(1), findings);
    expect(findings.count).toBe(0);
    expect(once).toEqual(again);
  });

  it('leave every change of a byte of either file to the diagnosing pass, which reports it', async () => {
    const exported = await freshLedger().export('aalborg-impact60', STREAM);
    const bytes = (lines: string[]) => Buffer.from(`${lines.join('\n')}\n`);
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.nat(), fc.integer({ min: 1, max: 255 }), async (inEvents, at, flip) => {
        const file = bytes(inEvents ? exported.events : exported.ledger.map(ledgerRecordLine));
        file[at % file.length] ^= flip;
        const lines = file
          .toString('latin1')
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => Buffer.from(line, 'latin1'));
        const source = sourceOf(exported);
        const blocks = async function* () {
          yield Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\n')]));
        };
        if (inEvents) source.eventBlocks = blocks;
        else source.ledgerBlocks = blocks;
        const input = { ...pass, treeSize: exported.manifest.treeSize };
        const findings = new Findings();
        await fullPass(source, input, createVerifierThreads(1), findings);
        expect(await pairedPass(source, input, createVerifierThreads(1))).toBeUndefined();
        // A ledger line may be spelled otherwise and still say the same (a space added): then nothing is wrong.
        if (inEvents) expect(findings.count).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('read a ledger file spelled otherwise (as JSON may be) through the diagnosing pass, and verify it', async () => {
    const exported = await freshLedger().export('aalborg-impact60', STREAM);
    const source = {
      ...sourceOf(exported),
      ledgerBlocks: async function* () {
        yield Buffer.from(
          exported.ledger
            .map((r) => JSON.stringify({ leafHash: r.leafHash, streamVersion: r.streamVersion, eventId: r.eventId, index: r.index }, null, 0))
            .join('\n'),
        );
      },
    };
    expect(await pairedPass(source, { ...pass, treeSize: exported.manifest.treeSize }, createVerifierThreads(1))).toBeUndefined();
    expect((await verifyExport(source, { trustedKey })).failures).toEqual([]);
  });

  it('hash each event line’s bytes as they are: a line that is not UTF-8 is reported, not read with replacement characters', async () => {
    const ledger = freshLedger();
    ledger.append(STREAM, [{ type: 'Noise', data: { note: 'ok \ufffd' }, recordedAt: '2019-12-02T00:00:00.000000Z' }]);
    ledger.sequence();
    ledger.checkpoint();
    const exported = await ledger.export('aalborg-impact60', STREAM);
    const last = Buffer.from(exported.events[exported.events.length - 1]);
    const at = last.indexOf(Buffer.from('\ufffd'));
    // U+FFFD in UTF-8 is EF BF BD; a lone 0xFF decodes to U+FFFD as well, so hashing the decoded text would match.
    const changed = Buffer.concat([last.subarray(0, at), Buffer.from([0xff]), last.subarray(at + 3)]);
    const source = {
      ...sourceOf(exported),
      eventBlocks: async function* () {
        yield Buffer.concat([Buffer.from(`${exported.events.slice(0, -1).join('\n')}\n`), changed, Buffer.from('\n')]);
      },
    };
    const report = await verifyExport(source, { trustedKey, arithmetic: false });
    expect(report.failures[0]).toMatchObject({ check: 'leaves', message: `event line ${exported.events.length} is not UTF-8` });
  });
});
