import { POLICY } from '../auth/policy.js';
import { documentation, tables } from './documentation.js';

interface DocumentedRoute {
  page: string;
  route: string;
  roles: string[];
}

/** `GET /contracts/{id}/participants/{p}/timeline` and `GET /contracts/{contractId}/participants/{participantId}/timeline` are one route. */
const normalised = (route: string): string => route.replace(/\{[^}]*\}/g, '{}');

/**
 * Every route named in a table of the documentation that has an `endpoint` (or `route`) column and
 * a `role(s)` column, prefixed by the column's "under `/…`" if it says one, with the roles its row
 * names (a remark in brackets, "auditor (of the event's contract)", is not a role).
 */
function documentedRoutes(): DocumentedRoute[] {
  const routes: DocumentedRoute[] = [];
  for (const { path, text } of documentation()) {
    for (const { header, rows } of tables(text)) {
      const endpoint = header.findIndex((cell) => /^(endpoint|route)\b/.test(cell));
      const role = header.findIndex((cell) => /^roles?$/.test(cell));
      if (endpoint < 0 || role < 0) continue;
      const prefix = /under `([^`]+)`/.exec(header[endpoint])?.[1] ?? '';
      for (const row of rows) {
        const named = [...row[endpoint].matchAll(/`(GET|POST|PUT|PATCH|DELETE) (\/[^\s`?]*)/g)];
        if (named.length === 0) throw new Error(`${path}: no endpoint in table row "| ${row.join(' | ')} |"`);
        const roles = row[role]
          .replace(/\([^)]*\)/g, '')
          .split(',')
          .map((r) => r.trim())
          .sort();
        for (const [, method, route] of named) routes.push({ page: path, route: `${method} ${prefix}${route}`, roles });
      }
    }
  }
  return routes;
}

describe('the endpoint tables of the README and docs/', () => {
  const documented = documentedRoutes();

  it('name, for every endpoint in them, the roles the service admits', () => {
    const policy = new Map(Object.entries(POLICY).map(([route, roles]) => [normalised(route), roles]));
    expect(documented.length).toBeGreaterThan(15);
    for (const { page, route, roles } of documented) {
      const admitted = policy.get(normalised(route));
      expect({ page, route, roles }).toEqual({
        page,
        route,
        roles: admitted === 'public' ? ['anyone'] : [...(admitted ?? ['(no such route)'])].sort(),
      });
    }
  });

  it('name every route of the authorization policy', () => {
    const named = new Set(documented.map(({ route }) => normalised(route)));
    const undocumented = Object.keys(POLICY).filter((route) => !named.has(normalised(route)));
    expect(undocumented).toEqual([]);
  });

  it('name both payment feeds with their roles', () => {
    const routes = documented.map(({ route }) => normalised(route));
    expect(routes).toEqual(expect.arrayContaining([normalised('GET /feed/payments'), normalised('GET /contracts/{id}/feed')]));
  });
});
