import { CONTRACT_COMMAND_TYPES, type ContractCommandType, IMPORTABLE_COMMAND_TYPES } from '#domain';
import { rolesOfCommand, routeOfCommand } from '../../apps/api/src/command-endpoints.js';
import { startTestApp, type TestApp } from '#test-support/test-app.js';
import { importLineData, writeEndpoints, type WriteFixture } from '#test-support/write-endpoints.js';

/**
 * The list of write endpoints the edge, fuzz and scope tests walk (test/support/write-endpoints.ts)
 * is checked against what the app serves: every route that sends a command with a body has its
 * entry, and the list names no route the app does not serve. A new command route that is not in
 * the list fails here, so the tests that walk the list cannot silently miss it.
 */

/** POST routes that send no command of a body of their own, and where their requests are tested instead. */
const POSTS_WITHOUT_A_COMMAND: Record<string, string> = {
  'POST /contracts/{contractId}/imports': 'JSON Lines of importable commands: importLineData, test/imports',
  'POST /ledger/checkpoints': 'signs the ledger’s tree head, no contract’s fact: test/audit',
};

/** `POST /contracts/:contractId/activation` as the OpenAPI document writes it: `POST /contracts/{contractId}/activation`. */
const asDocumented = (route: string): string => route.replace(/:(\w+)/g, '{$1}');

const sorted = (names: Iterable<string>): string[] => [...names].sort();

describe('the write-endpoint list', () => {
  let t: TestApp;
  let served: Set<string>;
  // Names and roles do not depend on the fixture's ids.
  const fixture = new Proxy({} as WriteFixture, { get: (_, key) => String(key) });
  const listed = writeEndpoints(fixture);
  const commandRoutes = new Map(CONTRACT_COMMAND_TYPES.map((type) => [asDocumented(routeOfCommand(type)), type] as const));

  beforeAll(async () => {
    t = await startTestApp();
    const document = (await (await fetch(`${t.baseUrl}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    served = new Set(Object.entries(document.paths).flatMap(([path, byMethod]) => Object.keys(byMethod).map((method) => `${method.toUpperCase()} ${path}`)));
  });
  afterAll(() => t.close());

  it('names every route that sends a command with a body, and no other', () => {
    const withBody = [...commandRoutes.keys()].filter((route) => route.startsWith('POST '));
    expect(sorted(listed.map((e) => asDocumented(e.name)))).toEqual(sorted(withBody));
  });

  it('names only routes the app serves, and the app serves every command route', () => {
    expect(listed.map((e) => asDocumented(e.name)).filter((route) => !served.has(route))).toEqual([]);
    expect([...commandRoutes.keys()].filter((route) => !served.has(route))).toEqual([]);
  });

  it('knows every POST route the app serves: a command route, or one that sends no command, said where it is tested', () => {
    const unknown = [...served].filter((route) => route.startsWith('POST ') && !commandRoutes.has(route) && POSTS_WITHOUT_A_COMMAND[route] === undefined);
    expect(unknown).toEqual([]);
    expect(Object.keys(POSTS_WITHOUT_A_COMMAND).filter((route) => !served.has(route))).toEqual([]);
  });

  it('sends each endpoint as a role its route admits', () => {
    const refused = listed
      .map((e) => ({ name: e.name, role: e.role, admits: rolesOfCommand(commandRoutes.get(asDocumented(e.name)) as ContractCommandType) }))
      .filter((e) => !e.admits.includes(e.role));
    expect(refused).toEqual([]);
  });

  it('has one import line for every command an import takes, and no other', () => {
    expect(sorted(importLineData(fixture).map((line) => line.type))).toEqual(sorted(IMPORTABLE_COMMAND_TYPES));
  });
});
