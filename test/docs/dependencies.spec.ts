import { readFileSync } from 'node:fs';
import { page, tables } from './documentation.js';

interface PackageJson {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

describe('docs/dependencies.md', () => {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as PackageJson;
  const installed = [...Object.keys(manifest.dependencies), ...Object.keys(manifest.devDependencies)];
  const table = tables(page('docs/dependencies.md').text).find(({ header }) => header[0] === 'package');
  const named = (table?.rows ?? []).flatMap(([packages]) => [...packages.matchAll(/`([^`]+)`/g)].map(([, name]) => name));
  const scopes = named.filter((name) => name.endsWith('/*')).map((name) => name.slice(0, -1));

  it('gives every package of package.json its line', () => {
    expect(installed.filter((name) => !named.includes(name) && !scopes.some((scope) => name.startsWith(scope)))).toEqual([]);
  });

  it('names no package that package.json does not have', () => {
    expect(named.filter((name) => !name.endsWith('/*') && !installed.includes(name))).toEqual([]);
  });
});
