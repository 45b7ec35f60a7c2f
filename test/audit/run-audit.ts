import { auditCommand } from '../../apps/cli/src/audit.command.js';

export interface AuditRun {
  /** What the command printed on stdout, one entry per console.log or write. */
  out: string[];
  err: string[];
  /** The exit code it set (0 when it set none). */
  exitCode: number;
}

/** `npm run cli -- audit …` run in this process, as a user runs it: what it printed, and its exit code. */
export async function runAudit(args: string[]): Promise<AuditRun> {
  const run: AuditRun = { out: [], err: [], exitCode: 0 };
  const { log, error } = console;
  const write = process.stdout.write.bind(process.stdout);
  process.exitCode = undefined;
  console.log = (line: string) => void run.out.push(line);
  console.error = (line: string) => void run.err.push(line);
  process.stdout.write = (chunk: string) => run.out.push(chunk) > 0;
  try {
    await auditCommand().exitOverride().parseAsync(args, { from: 'user' });
    run.exitCode = Number(process.exitCode ?? 0);
  } finally {
    console.log = log;
    console.error = error;
    process.stdout.write = write;
    process.exitCode = undefined;
  }
  return run;
}
