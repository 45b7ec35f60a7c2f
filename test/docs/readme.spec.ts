import { readFileSync } from 'node:fs';
import { loadConfig } from '#config';
import { POLICY } from '../auth/policy.js';

interface DocumentedRoute {
  route: string;
  roles: string[];
}

/** `GET /contracts/{id}/participants/{p}/timeline` and `GET /contracts/{contractId}/participants/{participantId}/timeline` are one route. */
const normalised = (route: string): string => route.replace(/\{[^}]*\}/g, '{}');

/**
 * Every row of the README's tables that has an `endpoint` column and a `role(s)` column: the
 * route (prefixed by the column's "under `/…`", if it says one) and the roles it names.
 */
function documentedRoutes(markdown: string): DocumentedRoute[] {
  const routes: DocumentedRoute[] = [];
  const cells = (line: string): string[] =>
    line
      .split(/(?<!\\)\|/)
      .slice(1, -1)
      .map((cell) => cell.trim());
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('|') || !lines[i + 1]?.startsWith('|---')) continue;
    const header = cells(lines[i]);
    const endpoint = header.findIndex((cell) => cell.startsWith('endpoint'));
    const role = header.findIndex((cell) => /^roles?$/.test(cell));
    if (endpoint < 0 || role < 0) continue;
    const prefix = /under `([^`]+)`/.exec(header[endpoint])?.[1] ?? '';
    for (let row = i + 2; lines[row]?.startsWith('|'); row++) {
      const cell = cells(lines[row]);
      const match = /`(GET|POST|PUT|PATCH|DELETE) (\/[^\s`?]*)/.exec(cell[endpoint]);
      if (!match) throw new Error(`README: no endpoint in table row "${lines[row]}"`);
      const path = prefix + match[2];
      routes.push({
        route: `${match[1]} ${path}`,
        roles: cell[role]
          .split(',')
          .map((r) => r.trim())
          .sort(),
      });
    }
  }
  return routes;
}

describe('README', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

  it('names, for every endpoint in its tables, the roles the service admits', () => {
    const policy = new Map(Object.entries(POLICY).map(([route, roles]) => [normalised(route), roles]));
    const documented = documentedRoutes(readme);
    expect(documented.length).toBeGreaterThan(15);
    for (const { route, roles } of documented) {
      const admitted = policy.get(normalised(route));
      expect({ route, roles }).toEqual({ route, roles: admitted === 'public' ? ['anyone'] : [...(admitted ?? ['(no such route)'])].sort() });
    }
  });

  it('names both payment feeds with their roles', () => {
    const routes = documentedRoutes(readme).map(({ route }) => normalised(route));
    expect(routes).toEqual(expect.arrayContaining([normalised('GET /feed/payments'), normalised('GET /contracts/{id}/feed')]));
  });

  it('lists every configuration variable with its default', () => {
    const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1));
    const table = new Map(
      [...section.matchAll(/^\| `([A-Z_]+)` \| ([^|]+) \|/gm)].map(([, variable, value]) => [variable, value.trim().replace(/^`|`$/g, '')]),
    );
    const defaults = loadConfig({}) as unknown as Record<string, unknown>;
    const variables = [...Object.keys(defaults), 'DATABASE_URL', 'MIGRATION_DATABASE_URL', 'PSEUDONYM_KEY', 'LEDGER_SIGNING_KEY'];
    expect([...table.keys()].sort()).toEqual(variables.sort());
    for (const variable of variables) {
      const value = defaults[variable];
      expect({ variable, default: table.get(variable) }).toEqual({
        variable,
        default: value === undefined ? expect.stringMatching(/^(unset|generated)$/) : String(value as string | number | boolean),
      });
    }
  });
});
