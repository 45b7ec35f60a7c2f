import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contractRulesVersion } from './contract-rules-version.js';

describe('the rules version of contract snapshots', () => {
  let code: string;
  const write = (path: string, text: string) => writeFileSync(join(code, path), text);

  beforeEach(() => {
    code = `${mkdtempSync(join(tmpdir(), 'domain-'))}/`;
    mkdirSync(join(code, 'decider'));
    mkdirSync(join(code, 'testing'));
    write('decider/contract.evolve.js', 'export function evolve() {}');
    write('index.js', "export * from './decider/contract.evolve.js';");
  });
  afterEach(() => rmSync(code, { recursive: true, force: true }));

  it("is the domain's own, without anyone bumping it: another when a module of the rules changes or is added", () => {
    const before = contractRulesVersion(code);
    expect(contractRulesVersion(code)).toBe(before);
    write('decider/contract.evolve.js', 'export function evolve() { return 1; }');
    const changed = contractRulesVersion(code);
    expect(changed).not.toBe(before);
    write('decider/more.rules.js', 'export const x = 1;');
    expect(contractRulesVersion(code)).not.toBe(changed);
  });

  it('stays when only tests, test helpers, declarations or source maps change', () => {
    const before = contractRulesVersion(code);
    write('decider/contract.evolve.spec.ts', 'it("x", () => {});');
    write('decider/contract.evolve.d.ts', 'export declare function evolve(): void;');
    write('decider/contract.evolve.js.map', '{}');
    write('testing/contract.harness.js', 'export class ContractHarness {}');
    expect(contractRulesVersion(code)).toBe(before);
  });

  it('is a version of the code this process runs (the real domain hashes to a SHA-256)', () => {
    expect(contractRulesVersion()).toMatch(/^[0-9a-f]{64}$/);
  });
});
