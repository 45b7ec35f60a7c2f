import { readFileSync } from 'node:fs';
import type { IForbiddenRuleType } from 'dependency-cruiser';

/** A row of docs/layers.md's table. */
export interface Layer {
  name: string;
  /** `libs/domain`, `apps/api`, ... */
  folders: string[];
  /** Names of layers (its own included when its folders may import each other). */
  mayImport: string[];
  /** All that the layer may import from outside the repository, or 'any'. */
  outside: string[] | 'any';
}

const cellsOf = (line: string): string[] =>
  line
    .split('|')
    .slice(1, -1)
    .map((cell) => cell.trim());
const listOf = (cell: string): string[] =>
  cell
    .split(',')
    .map((item) => item.replace(/`/g, '').trim())
    .filter((item) => item !== '');

/** The table of docs/layers.md whose header begins with `layer`, row by row. */
export function readLayers(path = new URL('../../docs/layers.md', import.meta.url)): Layer[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const start = lines.findIndex((line, i) => cellsOf(line)[0] === 'layer' && lines[i + 1]?.startsWith('|--'));
  if (start < 0) throw new Error('docs/layers.md: no table whose first column is "layer"');
  const header = cellsOf(lines[start]);
  const column = (name: string): number => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`docs/layers.md: the layers' table has no "${name}" column`);
    return index;
  };
  const [name, folders, mayImport, outside] = ['layer', 'folders', 'may import', 'outside packages'].map(column);
  const layers: Layer[] = [];
  for (let row = start + 2; lines[row]?.startsWith('|'); row++) {
    const cells = cellsOf(lines[row]);
    layers.push({
      name: cells[name],
      folders: listOf(cells[folders]),
      mayImport: listOf(cells[mayImport]),
      outside: cells[outside] === 'any' ? 'any' : [...cells[outside].matchAll(/`([^`]+)`/g)].map((m) => m[1]),
    });
  }
  for (const layer of layers) {
    const unknown = layer.mayImport.filter((other) => !layers.some((l) => l.name === other));
    if (unknown.length > 0) throw new Error(`docs/layers.md: layer ${layer.name} may import ${unknown.join(', ')}, which is no layer of the table`);
  }
  return layers;
}

const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const anyOf = (folders: string[]): string => `^(${folders.map(escaped).join('|')})/`;
/** `node:crypto` as dependency-cruiser names a built-in: with or without its `node:`. */
const builtIn = (name: string): string => `^(node:)?${escaped(name.replace(/^node:/, ''))}$`;
const SPEC = '\\.spec\\.ts$';

/** The table as dependency-cruiser's forbidden rules, one or two per layer. */
export function layerRules(layers: Layer[]): IForbiddenRuleType[] {
  const rules: IForbiddenRuleType[] = [];
  for (const layer of layers) {
    const allowed = layers.filter((other) => layer.mayImport.includes(other.name)).flatMap((other) => other.folders);
    rules.push({
      name: `layer ${layer.name} may import only its own folder and ${layer.mayImport.join(', ')}`,
      severity: 'error',
      // $1: the importing module's own folder (a library or an app).
      from: { path: anyOf(layer.folders) },
      to: { path: '^(apps|libs)/', pathNot: ['^$1/', ...allowed.map((folder) => `^${escaped(folder)}/`)] },
    });
    if (layer.outside === 'any') continue;
    const outside = ['^(apps|libs)/', ...layer.outside.map(builtIn)];
    rules.push({
      name: `layer ${layer.name} imports from outside the repository only ${layer.outside.join(', ')}`,
      severity: 'error',
      from: { path: anyOf(layer.folders), pathNot: SPEC },
      to: { pathNot: outside },
    });
    rules.push({
      name: `layer ${layer.name}'s tests import from outside the repository only ${layer.outside.join(', ')} and development tools`,
      severity: 'error',
      from: { path: `${anyOf(layer.folders)}.*${SPEC}` },
      to: { pathNot: outside, dependencyTypesNot: ['npm-dev'] },
    });
  }
  return rules;
}
