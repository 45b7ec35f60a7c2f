import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

interface NestProject {
  type: 'application' | 'library';
  root: string;
  sourceRoot: string;
  entryFile: string;
  compilerOptions?: { tsConfigPath?: string };
}

const root = resolve(import.meta.dirname, '../..');
const json = <T>(file: string): T => JSON.parse(readFileSync(join(root, file), 'utf8')) as T;
const nestCli = json<{ monorepo: boolean; compilerOptions: { builder: string }; projects: Record<string, NestProject> }>('nest-cli.json');
const packageJson = json<{ imports: Record<string, string>; scripts: Record<string, string> }>('package.json');
const folders = (parent: string): string[] =>
  readdirSync(join(root, parent), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
const projectsOf = (type: NestProject['type']): string[] =>
  Object.entries(nestCli.projects)
    .filter(([, project]) => project.type === type)
    .map(([name]) => name)
    .sort();

/** What `nest start <app>` runs: the outDir of the app's tsconfig, then its sourceRoot and entryFile (as @nestjs/cli joins them). */
function nestOutputOf(name: string): string {
  const project = nestCli.projects[name];
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, project.compilerOptions!.tsConfigPath!),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  )!;
  expect(config.errors).toEqual([]);
  // The app's sources are compiled where tsc -b puts them: the same rootDir and outDir.
  expect(config.options.rootDir).toBe(root);
  expect(config.fileNames).toContain(join(root, project.sourceRoot, `${project.entryFile}.ts`));
  return relative(root, join(config.options.outDir!, project.sourceRoot, `${project.entryFile}.js`));
}

describe('nest-cli.json (monorepo mode, tsc builder)', () => {
  it('lists every folder of apps/ as an application and every folder of libs/ as a library', () => {
    expect(nestCli.monorepo).toBe(true);
    expect(nestCli.compilerOptions.builder).toBe('tsc');
    expect(projectsOf('application')).toEqual(folders('apps'));
    expect(projectsOf('library')).toEqual(folders('libs'));
  });

  it('names, for each library, the entry file its # import resolves to once compiled', () => {
    for (const name of projectsOf('library')) {
      const { root: folder, sourceRoot, entryFile } = nestCli.projects[name];
      expect({ name, folder, import: packageJson.imports[`#${name}`] }).toEqual({
        name,
        folder: `libs/${name}`,
        import: `./dist/${sourceRoot}/${entryFile}.js`,
      });
      expect(existsSync(join(root, sourceRoot, `${entryFile}.ts`))).toBe(true);
    }
  });

  it('makes nest start <app> run the file npm start, start:worker, cli and demo run', () => {
    expect(packageJson.scripts['start:dev']).toMatch(/^nest start api --watch\b/);
    const scripts: Record<string, string> = { api: 'start', worker: 'start:worker', cli: 'cli', demo: 'demo' };
    for (const name of projectsOf('application')) {
      expect({ name, runs: packageJson.scripts[scripts[name]] }).toEqual({ name, runs: expect.stringContaining(`node ${nestOutputOf(name)}`) });
    }
  });
});
