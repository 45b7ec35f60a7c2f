// `npm run cli` (and the other run scripts) compile first, but only when the build is stale:
// `tsc -b` alone takes seconds even when it has nothing to do, because it reads every file of the
// program. Stale means: dist/.tsbuildinfo is missing, older than a source of tsconfig.build.json or
// a config file, written by another TypeScript, or records errors of the last build (tsc still
// emits then, and the run must fail as `tsc -b` fails rather than run that output).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const BUILD_INFO = 'dist/.tsbuildinfo';
const SOURCE_FOLDERS = ['apps', 'libs', 'bench']; // tsconfig.build.json's "include"
const CONFIG_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];
const isSource = (file) => file.endsWith('.ts') && !/\.(spec|test)\.ts$/.test(file);
/** Keys a build info has only when the last build left errors or work undone. */
const UNFINISHED = ['errors', 'checkPending', 'semanticDiagnosticsPerFile', 'emitDiagnosticsPerFile', 'affectedFilesPendingEmit', 'changeFileSet'];

function newestInputMs() {
  let newest = Math.max(...CONFIG_FILES.map((file) => statSync(file).mtimeMs));
  for (const folder of SOURCE_FOLDERS) {
    newest = Math.max(newest, statSync(folder).mtimeMs);
    for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
      // A folder's time changes when a file in it is added, renamed or deleted.
      if (entry.isDirectory() || isSource(entry.name)) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

function isCurrent() {
  if (!existsSync(BUILD_INFO)) return false;
  if (statSync(BUILD_INFO).mtimeMs < newestInputMs()) return false;
  const info = JSON.parse(readFileSync(BUILD_INFO, 'utf8'));
  const compiler = createRequire(import.meta.url)('typescript/package.json').version;
  return info.version === compiler && !UNFINISHED.some((key) => key in info);
}

// An image holds the compiled output without its sources (docker/Dockerfile): nothing to build there.
const hasSources = existsSync('tsconfig.build.json');

if (hasSources && !isCurrent()) {
  const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  // tsc -b leaves the build info alone when it finds nothing to do (say, after a config edit that
  // changes no output): mark the build as current so that the next run skips it.
  const now = new Date();
  utimesSync(BUILD_INFO, now, now);
}
