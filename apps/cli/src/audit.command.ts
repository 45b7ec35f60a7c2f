import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { formatReport, hashFromHex, NoteVerifier, openCheckpoint, readExportDirectory, verifyConsistency, verifyExport } from '#ledger';

/**
 * `audit export | verify | consistency | public-key`. `verify` and `consistency` touch nothing but
 * files: this module imports neither Nest nor pg (the export and public-key actions load the
 * service's modules only when they run).
 */
export function auditCommand(): Command {
  const audit = new Command('audit').description('the verifiable log: export a contract for auditors, verify an export offline, check checkpoints');

  audit
    .command('export')
    .description('write a contract’s audit export (events, ledger records, proofs, checkpoint, public key) into a folder; signs a checkpoint first')
    .requiredOption('--contract <id>', 'the contract to export')
    .requiredOption('--out <dir>', 'the folder to write (created if missing)')
    .action(async (options: { contract: string; out: string }) => {
      const { exportContract } = await import('./audit-export.action.js');
      const summary = await exportContract(options.contract, options.out);
      console.log(summary);
    });

  audit
    .command('verify')
    .description('check an audit export with no database and no service: signature, every leaf, the chain, the head, the tree, and the arithmetic')
    .argument('<dir>', 'the export folder')
    .option('--key <vkey>', 'the verifier key you pinned (as `audit public-key` or GET /ledger/public-key shows it)')
    .option('--key-file <file>', 'a file holding that key')
    .option(
      '--trust-export-key',
      'without a pinned key, check the export against its own key (the verdict then says the key was not pinned, and gives its fingerprint); without either, verify fails',
    )
    .option('--integrity-only', 'skip replaying the facts through the rules')
    .option('--threads <n>', 'threads that parse and hash the leaves (default: the cores, at most 4)', (value) => Number(value))
    .action(async (dir: string, options: { key?: string; keyFile?: string; trustExportKey?: boolean; integrityOnly?: boolean; threads?: number }) => {
      const trustedKey = options.key ?? (options.keyFile ? (await readFile(options.keyFile, 'utf8')).trim() : undefined);
      if (trustedKey !== undefined && options.trustExportKey) {
        console.error('--trust-export-key is for an export checked without a pinned key: give it or --key, not both');
        process.exitCode = 2;
        return;
      }
      let source;
      try {
        source = await readExportDirectory(dir);
      } catch (error) {
        console.error(`cannot read the export: ${(error as Error).message}`);
        process.exitCode = 2;
        return;
      }
      if (options.threads !== undefined && !(Number.isInteger(options.threads) && options.threads >= 1)) {
        console.error('--threads must be a whole number from 1');
        process.exitCode = 2;
        return;
      }
      const report = await verifyExport(source, {
        trustedKey,
        trustExportKey: options.trustExportKey,
        arithmetic: !options.integrityOnly,
        threads: options.threads,
      });
      process.stdout.write(formatReport(report));
      if (!report.ok) process.exitCode = 1;
    });

  audit
    .command('consistency')
    .description('check that a newer checkpoint extends one you kept (both signed notes, and the proof from GET /ledger/consistency-proof)')
    .argument('<old>', 'the checkpoint you kept (a signed note file)')
    .argument('<new>', 'the newer checkpoint (a signed note file)')
    .requiredOption('--proof <file>', 'the JSON answer of GET /ledger/consistency-proof?from=<old size>&to=<new size>')
    .requiredOption('--key <vkey>', 'the verifier key you trust')
    .action(async (oldFile: string, newFile: string, options: { proof: string; key: string }) => {
      const problems = await checkConsistency(oldFile, newFile, options.proof, options.key);
      if (problems.length > 0) {
        for (const problem of problems) console.error(`FAIL ${problem}`);
        process.exitCode = 1;
      }
    });

  audit
    .command('public-key')
    .description('print the ledger’s verifier key (what auditors pin before trusting an export)')
    .action(async () => {
      const { printPublicKey } = await import('./audit-export.action.js');
      console.log(await printPublicKey());
    });

  return audit;
}

async function checkConsistency(oldFile: string, newFile: string, proofFile: string, key: string): Promise<string[]> {
  let verifier: NoteVerifier;
  try {
    verifier = NoteVerifier.parse(key);
  } catch (error) {
    return [`the key: ${(error as Error).message}`];
  }
  const older = openCheckpoint(await readFile(oldFile, 'utf8'), verifier);
  const newer = openCheckpoint(await readFile(newFile, 'utf8'), verifier);
  if ('problem' in older) return [`${oldFile}: ${older.problem}`];
  if ('problem' in newer) return [`${newFile}: ${newer.problem}`];
  let proof: { fromSize?: unknown; toSize?: unknown; proof?: unknown };
  try {
    proof = JSON.parse(await readFile(proofFile, 'utf8')) as typeof proof;
  } catch {
    return [`${proofFile} is not JSON`];
  }
  const a = older.checkpoint;
  const b = newer.checkpoint;
  if (proof.fromSize !== a.treeSize || proof.toSize !== b.treeSize)
    return [`the proof is from ${String(proof.fromSize)} to ${String(proof.toSize)}, the checkpoints are of ${a.treeSize} and ${b.treeSize}`];
  const hashes = Array.isArray(proof.proof) ? proof.proof.map(hashFromHex) : [undefined];
  if (hashes.some((h) => h === undefined)) return ['the proof’s hashes are not 64 hex digits'];
  const check = verifyConsistency(a.treeSize, b.treeSize, a.rootHash, b.rootHash, hashes as Buffer[]);
  if (!check.ok) return [`the checkpoint of ${b.treeSize} does not extend the one of ${a.treeSize}: ${check.reason} (the log was rewritten)`];
  console.log(`ok: the checkpoint of ${b.treeSize} extends the one of ${a.treeSize} you kept (both signed by ${verifier.name})`);
  return [];
}
