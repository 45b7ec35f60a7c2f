import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findFreePort } from '#database';

/**
 * The CLI as its users run it: the built entry (dist/apps/cli/src/main.js) in a process of its own,
 * beside the service's built entry, on the service's own embedded PostgreSQL in a temporary DATA_DIR.
 */
const root = resolve(import.meta.dirname, '../..');
const entry = (app: 'api' | 'cli'): string => join(root, 'dist/apps', app, 'src/main.js');
/** Only what a process needs besides the configuration under test (none of the test run's own). */
const bareEnv = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR });

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<CliRun> {
  return new Promise((done) => {
    execFile(process.execPath, [entry('cli'), ...args], { cwd: options.cwd, env: { ...bareEnv(), ...options.env } }, (error, stdout, stderr) => {
      done({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const linesOf = (text: string): string[] => text.split('\n').filter((line) => line !== '');

/** The embedded server's process id, from its postmaster.pid. */
const postmasterOf = (dataDir: string): string => readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0];

describe('the CLI, run as a process beside the running service', () => {
  let folder: string;
  let dataDir: string;
  let pgPort: number;
  let baseUrl: string;
  let service: ChildProcess;

  beforeAll(async () => {
    const build = spawnSync(process.execPath, ['scripts/build-when-stale.js'], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`the build failed: ${build.stdout}${build.stderr}`);
    folder = mkdtempSync(join(tmpdir(), 'ov-cli-'));
    chmodSync(folder, 0o711); // as root, the embedded server runs as the postgres user
    dataDir = join(folder, 'service-data');
    pgPort = await findFreePort();
    const port = await findFreePort();
    baseUrl = `http://127.0.0.1:${port}`;
    // The service gets its configuration from the environment; the CLI (below) from .env in its working folder.
    service = spawn(process.execPath, [entry('api')], {
      env: { ...bareEnv(), DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), PORT: String(port), LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    });
    const deadline = Date.now() + 90_000;
    while (
      !(await fetch(`${baseUrl}/health`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (service.exitCode !== null || Date.now() > deadline) throw new Error('the service did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 180_000);

  afterAll(async () => {
    if (service && service.exitCode === null) {
      service.kill('SIGTERM');
      await once(service, 'exit');
    }
    rmSync(folder, { recursive: true, force: true });
  });

  it('lists OUTCOMES_URL and OUTCOMES_TOKEN in --help', async () => {
    const { code, stdout } = await runCli(['--help'], { cwd: folder });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {2}OUTCOMES_URL +the running service/m);
    expect(stdout).toMatch(/^ {2}OUTCOMES_TOKEN +bearer token/m);
    const importHelp = await runCli(['import', '--help'], { cwd: folder });
    expect(importHelp.stdout).toMatch(/env:\s+OUTCOMES_URL/); // commander wraps at 80 columns
    expect(importHelp.stdout).toMatch(/env:\s+OUTCOMES_TOKEN/);
  });

  it("finds the service's running database through .env, and the token it prints is accepted by the service", async () => {
    const cwd = join(folder, 'operator');
    spawnSync('mkdir', ['-p', cwd]);
    writeFileSync(join(cwd, '.env'), `# the service's settings\nDATA_DIR=${dataDir}\nEMBEDDED_PG_PORT=${pgPort}\n`);
    const server = postmasterOf(dataDir);

    const { code, stdout, stderr } = await runCli(['create-token', '--name', 'aalborg-kommune', '--role', 'commissioner', '--all-contracts'], { cwd });

    expect({ code, stderr: linesOf(stderr) }).toEqual({
      code: 0,
      stderr: [
        expect.stringMatching(
          new RegExp(`^token for commissioner:aalborg-kommune .* in the embedded PostgreSQL in ${join(dataDir, 'postgres')} on port ${pgPort}$`),
        ),
      ],
    });
    const token = stdout.trim();
    expect(token).toMatch(/^ovt_/);
    const me = await fetch(`${baseUrl}/me`, { headers: { authorization: `Bearer ${token}` } });
    expect({ status: me.status, body: await me.json() }).toMatchObject({ status: 200, body: { name: 'aalborg-kommune', role: 'commissioner' } });
    expect(postmasterOf(dataDir)).toBe(server); // the service's server, not a second one
    expect(existsSync(join(cwd, 'data'))).toBe(false); // nothing made in the default ./data
  });

  it("refuses a second embedded server for the service's folder on another port, in one line naming the folder and both ports", async () => {
    const server = postmasterOf(dataDir);
    const wrongPort = await findFreePort();

    const { code, stdout, stderr } = await runCli(['create-token', '--name', 'fokus-folkeoplysning', '--role', 'provider', '--all-contracts'], {
      cwd: folder,
      env: { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(wrongPort) },
    });

    expect(code).toBe(1);
    expect(stdout).toBe('');
    const lines = linesOf(stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: /);
    expect(lines[0]).toContain(join(dataDir, 'postgres'));
    expect(lines[0]).toContain(`already running on port ${pgPort}`);
    expect(lines[0]).toContain(`not on port ${wrongPort}`);
    expect(lines[0]).not.toContain('undefined');
    expect(postmasterOf(dataDir)).toBe(server);
    expect((await fetch(`${baseUrl}/health`)).status).toBe(200);
  });

  it('says in one line, with a non-zero exit, that a DATABASE_URL port answers nothing', async () => {
    const nothing = await findFreePort();
    const { code, stdout, stderr } = await runCli(['revoke-token', '--name', 'aalborg-kommune'], {
      cwd: folder,
      env: { DATABASE_URL: `postgres://someone:secret@127.0.0.1:${nothing}/outcomes` },
    });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(linesOf(stderr)).toEqual([
      `error: cannot open the service's database (DATABASE_URL 127.0.0.1:${nothing}/outcomes): connect ECONNREFUSED 127.0.0.1:${nothing}`,
    ]);
  });

  it('makes no new database for a DATA_DIR that has none, and says which folder and port it tried', async () => {
    const elsewhere = join(folder, 'not-the-service');
    const { code, stdout, stderr } = await runCli(['create-token', '--name', 'aalborg-kommune', '--role', 'commissioner', '--all-contracts'], {
      cwd: folder,
      env: { DATA_DIR: elsewhere, EMBEDDED_PG_PORT: String(pgPort + 1) },
    });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const lines = linesOf(stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`no database in ${join(elsewhere, 'postgres')}`);
    expect(lines[0]).toContain(`EMBEDDED_PG_PORT ${pgPort + 1}`);
    expect(existsSync(join(elsewhere, 'postgres'))).toBe(false);
  });

  it('logs as the service does: pino JSON lines, on stderr', async () => {
    const { code, stdout, stderr } = await runCli(['audit', 'public-key'], {
      cwd: folder,
      env: { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), LOG_LEVEL: 'info' },
    });
    expect(code).toBe(0);
    expect(linesOf(stdout)).toHaveLength(1); // the key alone
    const logs = linesOf(stderr).map((line) => JSON.parse(line) as { level: number; msg: string; context?: string });
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).toContainEqual(expect.objectContaining({ level: 30, context: 'Database', msg: expect.stringContaining(`on port ${pgPort}`) }));
  });

  it('refuses a --locale it cannot write numbers in, in one line', async () => {
    const { code, stderr } = await runCli(['import', 'facts.jsonl', '--contract', 'c', '--locale', 'qq-QQ'], { cwd: folder });
    expect(code).toBe(1);
    expect(linesOf(stderr)[0]).toContain("argument 'qq-QQ' is invalid");
  });
});
