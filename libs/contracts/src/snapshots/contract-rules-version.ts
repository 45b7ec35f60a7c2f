import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONTRACT_STATE_FORMAT } from '#domain';

/** The domain's code beside this library's, as built (dist/libs/domain/src) or, under Jest, as written (libs/domain/src). */
const DOMAIN_CODE = fileURLToPath(new URL('../../../domain/src/', import.meta.url));

/** The rules' code: the domain's modules, not its tests, test helpers or declarations. */
const isRulesCode = (path: string): boolean => /\.(js|ts)$/.test(path) && !/\.(spec|d)\.ts$|\.spec\.js$/.test(path) && !path.startsWith('testing/');

/**
 * The rules version of contract snapshots (docs/snapshots.md): a SHA-256 of the state's encoding
 * format and of every module of the domain's code as this process loads it. Any change of the
 * rules' code (evolve, the state's shape, a rule a state was folded with) gives another version, so
 * no one has to remember to bump it; a change outside the domain does not. Any byte counts (a
 * comment changed in the domain costs one rebuild of the snapshots, never a wrong one).
 */
export function contractRulesVersion(domainCode: string = DOMAIN_CODE): string {
  const hash = createHash('sha256').update(`contract-state-format:${CONTRACT_STATE_FORMAT}\n`);
  const files = readdirSync(domainCode, { recursive: true, encoding: 'utf8' })
    .map((path) => path.split('\\').join('/'))
    .filter(isRulesCode)
    .sort();
  for (const path of files)
    hash
      .update(`${path}\n`)
      .update(readFileSync(`${domainCode}${path}`))
      .update('\n');
  return hash.digest('hex');
}
