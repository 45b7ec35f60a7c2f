import { readdirSync } from 'node:fs';
import type { ICruiseResult, IViolation } from 'dependency-cruiser';
import { cruiseRepository, folderCycle } from './dependency-graph.js';
import { layerRules, readLayers } from './layers.js';

// docs/layers.md: who may import whom. Every import of apps/ and libs/ is checked against its
// table, and every import of the repository's code (tests and benchmarks too) for cycles.

const NO_CYCLES = { name: 'no import cycles', severity: 'error' as const, from: {}, to: { circular: true } };
const TESTS_STAY_OUT = {
  name: 'the code of apps and libraries does not import tests or benchmarks',
  severity: 'error' as const,
  from: { path: '^(apps|libs)/', pathNot: '\\.spec\\.ts$' },
  to: { path: '^(test|bench)/' },
};

/** "rule: from → to" (a cycle: its whole path), one a line, for a failure that says where to look. */
const described = (violations: IViolation[]): string[] =>
  violations.map((v) => `${v.rule.name}: ${v.cycle ? [v.from, ...v.cycle.map((step) => step.name)].join(' → ') : `${v.from} → ${v.to}`}`);

describe('dependencies', () => {
  const layers = readLayers();
  let graph: ICruiseResult;

  beforeAll(async () => {
    graph = await cruiseRepository(['apps', 'libs', 'test', 'bench'], [NO_CYCLES, TESTS_STAY_OUT, ...layerRules(layers)]);
  }, 120_000);

  it('reads every import, the package.json "#" imports included, as a module of the repository', () => {
    expect(graph.summary.totalCruised).toBeGreaterThan(500);
    const unresolved = graph.modules.flatMap((m) => m.dependencies.filter((d) => d.couldNotResolve).map((d) => `${m.source} → ${d.module}`));
    expect(unresolved).toEqual([]);
    const appModule = graph.modules.find((m) => m.source === 'apps/api/src/app.module.ts')?.dependencies.map((d) => d.resolved);
    expect(appModule).toContain('libs/platform/src/index.ts');
  });

  it('has no import cycle, type-only imports included', () => {
    expect(described(graph.summary.violations.filter((v) => v.rule.name === NO_CYCLES.name))).toEqual([]);
  });

  it('has no cycle between libraries and apps', () => {
    expect(folderCycle(graph.modules)).toBeNull();
  });

  it('follows docs/layers.md: no app imports another, no library an app, the domain nothing but itself and node:crypto', () => {
    expect(described(graph.summary.violations.filter((v) => v.rule.name !== NO_CYCLES.name))).toEqual([]);
  });

  it('places every library and app in exactly one layer of docs/layers.md', () => {
    const placed = layers.flatMap((layer) => layer.folders).sort();
    const folders = ['apps', 'libs'].flatMap((parent) => readdirSync(new URL(`../../${parent}`, import.meta.url)).map((name) => `${parent}/${name}`)).sort();
    expect(placed).toEqual(folders);
  });
});
