import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { cruise, type ICruiseResult, type IForbiddenRuleType, type IModule } from 'dependency-cruiser';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * package.json's `#` imports, read as the TypeScript sources they are built from: Node runs
 * `#domain` from dist/libs/domain/src/index.js, the analysis reads libs/domain/src/index.ts.
 */
function sourcesOfImports(): { name: string; alias: string; onlyModule: boolean }[] {
  const { imports } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { imports: Record<string, string> };
  return Object.entries(imports).map(([name, target]) => ({
    name,
    alias: join(ROOT, target.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts')),
    onlyModule: !name.includes('*'),
  }));
}

/** tsconfig.json's `paths` (`#test-support/*`: the tests' support, never built, so not in package.json). */
function sourcesOfPaths(): { name: string; alias: string; onlyModule: boolean }[] {
  // tsconfig.json may hold comments: read by TypeScript's own reader.
  const { config } = ts.readConfigFile(join(ROOT, 'tsconfig.json'), (path) => ts.sys.readFile(path)) as {
    config: { compilerOptions: { paths?: Record<string, string[]> } };
  };
  const { compilerOptions } = config;
  return Object.entries(compilerOptions.paths ?? {}).map(([name, [target]]) => ({ name, alias: join(ROOT, target), onlyModule: !name.includes('*') }));
}

/**
 * Every module under these folders of the repository and what it imports, type-only imports
 * included, checked against the rules (dependency-cruiser's).
 */
export async function cruiseRepository(folders: string[], rules: IForbiddenRuleType[]): Promise<ICruiseResult> {
  const { output } = await cruise(
    folders,
    { baseDir: ROOT, tsPreCompilationDeps: true, doNotFollow: { path: 'node_modules' }, validate: true, ruleSet: { forbidden: rules } },
    {
      alias: [...sourcesOfImports(), ...sourcesOfPaths()],
      // ESM imports name the .js a .ts file is built to.
      extensionAlias: { '.js': ['.ts', '.js'] },
      exportsFields: ['exports'],
      conditionNames: ['import', 'types', 'node', 'default'],
    },
  );
  if (typeof output === 'string') throw new Error(`dependency-cruiser answered text: ${output.slice(0, 200)}`);
  return output;
}

/** `libs/domain/src/x.ts` → `libs/domain`; null for what is no library or app. */
const folderOf = (path: string): string | null => /^(apps|libs)\/[^/]+/.exec(path)?.[0] ?? null;

/**
 * A circle of libraries and apps (a → b → … → a) that import each other through different
 * modules (which no module-level cycle shows), or null.
 */
export function folderCycle(modules: IModule[]): string[] | null {
  const edges = new Map<string, Set<string>>();
  for (const module of modules) {
    const from = folderOf(module.source);
    if (from === null) continue;
    for (const dependency of module.dependencies) {
      const to = folderOf(dependency.resolved);
      if (to !== null && to !== from) edges.set(from, (edges.get(from) ?? new Set()).add(to));
    }
  }
  const done = new Set<string>();
  const visit = (folder: string, path: string[]): string[] | null => {
    const seen = path.indexOf(folder);
    if (seen >= 0) return [...path.slice(seen), folder];
    if (done.has(folder)) return null;
    for (const next of edges.get(folder) ?? []) {
      const cycle = visit(next, [...path, folder]);
      if (cycle !== null) return cycle;
    }
    done.add(folder);
    return null;
  };
  for (const folder of edges.keys()) {
    const cycle = visit(folder, []);
    if (cycle !== null) return cycle;
  }
  return null;
}
