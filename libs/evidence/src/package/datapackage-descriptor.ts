import type { ContractEvidence } from '../tables/contract-evidence.js';
import { tableSchema, TABLE_RESOURCES } from './evidence-resources.js';
import type { EvidencePackageMetadata } from './package-metadata.js';

export const README_PATH = 'README.md';
export const DESCRIPTOR_PATH = 'datapackage.json';

/** A written resource's size and SHA-256 (hex). */
export interface WrittenResource {
  path: string;
  bytes: number;
  sha256: string;
}

/** `datapackage.json`: a Frictionless Data Package (v2) with a Table Schema per table, and the package's own metadata under `evidence`. */
export function datapackageDescriptor(
  evidence: ContractEvidence,
  meta: EvidencePackageMetadata,
  written: ReadonlyMap<string, WrittenResource>,
): Record<string, unknown> {
  const sizes = (path: string) => {
    const resource = written.get(path);
    if (resource === undefined) throw new Error(`resource ${path} was not written`);
    return { bytes: resource.bytes, hash: `sha256:${resource.sha256}` };
  };
  return {
    $schema: 'https://datapackage.org/profiles/2.0/datapackage.json',
    name: `${evidence.contract.contract}-evidence`,
    id: `urn:uuid:${meta.exportId}`,
    title: `${evidence.contract.title}: evidence package`,
    description: `Pseudonymised evidence of contract ${evidence.contract.contract} for evaluators, as recorded at ${meta.asOf}. See README.md.`,
    version: '1.0.0',
    created: meta.created,
    keywords: ['social impact bond', 'outcome contract', 'evaluation'],
    resources: [
      {
        name: 'readme',
        path: README_PATH,
        format: 'md',
        mediatype: 'text/markdown',
        encoding: 'utf-8',
        description: 'What each table is, the definitions, and how the figures are computed.',
        ...sizes(README_PATH),
      },
      ...TABLE_RESOURCES.map((resource) => ({
        name: resource.name,
        type: 'table',
        path: resource.path,
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        title: resource.title,
        description: resource.description,
        ...sizes(resource.path),
        dialect: {
          $schema: 'https://datapackage.org/profiles/2.0/tabledialect.json',
          header: true,
          delimiter: ',',
          lineTerminator: '\n',
          quoteChar: '"',
          doubleQuote: true,
        },
        schema: tableSchema(resource, meta.granularity),
      })),
    ],
    evidence: {
      formatVersion: 1,
      exportId: meta.exportId,
      contractId: meta.contractId,
      asOf: meta.asOf,
      takenAt: meta.takenAt,
      observedUntil: evidence.contract.observedUntil,
      dateGranularity: meta.granularity,
      pseudonyms: { scheme: 'HMAC-SHA-256', key: meta.studyKey === null ? 'this export only' : 'study key', studyKey: meta.studyKey },
      ...(meta.ledger ? { ledger: meta.ledger } : {}),
    },
  };
}
