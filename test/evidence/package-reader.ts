import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'csv-parse/sync';
import yauzl from 'yauzl';
import { isCivilDate } from '#domain';
import type { EvidenceTables } from '#evidence';

// Reads an evidence package back the way an evaluator's tools would: the ZIP, datapackage.json
// against the Data Package v2 profile, each CSV against its Table Schema (written here from the
// Table Schema specification, independently of the code that writes the package).

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export async function unzip(zip: Buffer): Promise<Map<string, Buffer>> {
  const zipfile = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(zip, { lazyEntries: true }, (error, file) => (error ? reject(error) : resolve(file))),
  );
  const files = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zipfile.on('entry', (entry: yauzl.Entry) => {
      zipfile.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          files.set(entry.fileName, Buffer.concat(chunks));
          zipfile.readEntry();
        });
        stream.on('error', reject);
      });
    });
    zipfile.on('end', () => resolve());
    zipfile.on('error', reject);
    zipfile.readEntry();
  });
  return files;
}

let profile: (((data: unknown) => boolean) & { errors?: unknown }) | undefined;

/** Problems of datapackage.json against the Data Package v2 profile (JSON Schema, ajv); empty when valid. */
export function profileProblems(descriptor: unknown): string[] {
  if (profile === undefined) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    ajv.addFormat('textarea', true);
    const schema = JSON.parse(readFileSync(new URL('./profiles/datapackage-2.0.schema.json', import.meta.url), 'utf8'));
    profile = ajv.compile(schema);
  }
  if (profile(descriptor)) return [];
  return ((profile.errors ?? []) as Array<{ instancePath: string; message?: string }>).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

interface TableField {
  name: string;
  type: string;
  constraints?: { required?: boolean; enum?: string[]; minimum?: number; pattern?: string };
}

export interface TableSchema {
  fields: TableField[];
  primaryKey: string | string[];
  foreignKeys?: Array<{ fields: string | string[]; reference: { resource: string; fields: string | string[] } }>;
  missingValues?: string[];
}

export interface Resource {
  name: string;
  path: string;
  bytes: number;
  hash: string;
  schema?: TableSchema;
}

export type Row = Record<string, string>;

export function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

export function csvRows(content: Buffer): { header: string[]; rows: Row[] } {
  const records = parse(content, { bom: false, relax_column_count: false });
  const [header, ...body] = records;
  return { header, rows: body.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i]]))) };
}

const INTEGER = /^-?\d+$/;
const NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

function cellProblem(field: TableField, value: string, missing: readonly string[]): string | undefined {
  if (missing.includes(value)) return field.constraints?.required ? 'is required' : undefined;
  switch (field.type) {
    case 'integer':
      if (!INTEGER.test(value)) return 'is not an integer';
      break;
    case 'number':
      if (!NUMBER.test(value)) return 'is not a number';
      break;
    case 'boolean':
      if (value !== 'true' && value !== 'false') return 'is not a boolean';
      break;
    case 'date':
      if (!isCivilDate(value)) return 'is not a date';
      break;
    case 'yearmonth':
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) return 'is not a year-month';
      break;
    case 'string':
      break;
    default:
      return `has a type (${field.type}) this reader does not know`;
  }
  const c = field.constraints ?? {};
  if (c.enum && !c.enum.includes(value)) return 'is not one of its enum values';
  if (c.pattern && !new RegExp(`^(?:${c.pattern})$`).test(value)) return 'does not match its pattern';
  if (c.minimum !== undefined && Number(value) < c.minimum) return 'is below its minimum';
  return undefined;
}

const list = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value]);

/** Problems of every table against its Table Schema: header, types, constraints, primary keys, foreign keys. */
export function tableProblems(resources: readonly Resource[], files: ReadonlyMap<string, Buffer>): string[] {
  const problems: string[] = [];
  const tables = new Map<string, Row[]>();
  for (const resource of resources) {
    if (resource.schema === undefined) continue;
    const { header, rows } = csvRows(files.get(resource.path)!);
    tables.set(resource.name, rows);
    const schema = resource.schema;
    const names = schema.fields.map((f) => f.name);
    if (header.join(',') !== names.join(',')) problems.push(`${resource.name}: header ${header.join(',')} is not ${names.join(',')}`);
    const missing = schema.missingValues ?? [''];
    rows.forEach((row, i) => {
      for (const field of schema.fields) {
        const problem = cellProblem(field, row[field.name], missing);
        if (problem) problems.push(`${resource.name} row ${i + 2} ${field.name} ${problem}`);
      }
    });
    const keys = rows.map((row) =>
      list(schema.primaryKey)
        .map((k) => row[k])
        .join('\u0000'),
    );
    if (new Set(keys).size !== keys.length) problems.push(`${resource.name}: primary key ${list(schema.primaryKey).join(',')} is not unique`);
  }
  for (const resource of resources) {
    for (const fk of resource.schema?.foreignKeys ?? []) {
      const target = resources.find((r) => r.name === fk.reference.resource);
      const referenced = new Set(
        (tables.get(fk.reference.resource) ?? []).map((row) =>
          list(fk.reference.fields)
            .map((k) => row[k])
            .join('\u0000'),
        ),
      );
      if (target === undefined) problems.push(`${resource.name}: foreign key to unknown resource ${fk.reference.resource}`);
      (tables.get(resource.name) ?? []).forEach((row, i) => {
        const key = list(fk.fields)
          .map((k) => row[k])
          .join('\u0000');
        if (!referenced.has(key)) problems.push(`${resource.name} row ${i + 2}: ${list(fk.fields).join(',')} not in ${fk.reference.resource}`);
      });
    }
  }
  return problems;
}

/** The tables the figures are computed from, read from the CSVs of a day-granular package. */
export function tablesFromCsv(files: ReadonlyMap<string, Buffer>): EvidenceTables {
  const rows = (path: string) => csvRows(files.get(path)!).rows;
  const text = (v: string) => (v === '' ? null : v);
  const int = (v: string) => (v === '' ? null : Number(v));
  const bool = (v: string) => (v === '' ? null : v === 'true');
  const [contract] = rows('data/contract.csv');
  return {
    contract: {
      contract: contract.contract,
      title: contract.title,
      currency: contract.currency,
      periodStart: contract.periodStart,
      periodEnd: contract.periodEnd,
      windowEnd: contract.windowEnd,
      observedUntil: contract.observedUntil,
      perParticipantCap: int(contract.perParticipantCap),
      totalCap: int(contract.totalCap),
      employmentMinHoursPerWeek: Number(contract.employmentMinHoursPerWeek),
      employmentKinds: text(contract.employmentKinds),
    },
    outcomes: rows('data/outcomes.csv').map((r) => ({
      outcome: r.outcome,
      position: Number(r.position),
      trigger: r.trigger,
      weeks: int(r.weeks),
      minHoursPerWeek: int(r.minHoursPerWeek),
      kinds: text(r.kinds),
      unbroken: bool(r.unbroken),
      price: Number(r.price),
      maxPerParticipant: Number(r.maxPerParticipant),
      lastingAttachment: r.lastingAttachment === 'true',
    })),
    participants: rows('data/participants.csv').map((r) => ({
      participant: r.participant,
      referralCohort: r.referralCohort,
      intakeVariant: text(r.intakeVariant),
      intakeOutcome: r.intakeOutcome as 'accepted' | 'rejected',
      referredOn: r.referredOn,
      enrolledOn: text(r.enrolledOn),
      withdrawnOn: text(r.withdrawnOn),
      withdrawalReason: text(r.withdrawalReason),
    })),
    placements: rows('data/placements.csv').map((r) => ({
      participant: r.participant,
      placement: Number(r.placement),
      employer: r.employer,
      kind: r.kind as 'ordinary',
      hoursPerWeek: Number(r.hoursPerWeek),
      startDate: r.startDate,
      endDate: text(r.endDate),
      endReason: text(r.endReason),
      qualifying: r.qualifying === 'true',
      evidencedDays: Number(r.evidencedDays),
    })),
    spells: rows('data/employment-spells.csv').map((r) => ({
      participant: r.participant,
      spell: Number(r.spell),
      startDate: r.startDate,
      endDate: text(r.endDate),
      censoredOn: text(r.censoredOn),
      days: Number(r.days),
    })),
    occurrences: rows('data/occurrences.csv').map((r) => ({
      participant: r.participant,
      outcome: r.outcome,
      occurrence: Number(r.occurrence),
      revision: Number(r.revision),
      achievedOn: r.achievedOn,
      price: Number(r.price),
      amount: Number(r.amount),
      capReason: text(r.capReason) as null,
      status: r.status as 'verified' | 'reversed',
    })),
    payments: rows('data/payments.csv').map((r) => ({
      participant: r.participant,
      outcome: r.outcome,
      occurrence: Number(r.occurrence),
      revision: Number(r.revision),
      confirmedOn: r.confirmedOn,
      amount: Number(r.amount),
    })),
  };
}
