import { same, type CommandSpecs } from '../command-spec.js';
import type { CommandData } from '../contract.commands.js';
import type { ContractEvent } from '../contract.events.js';
import { DATE_GRANULARITIES, isDateGranularity, isStudyKeyName, type EvidenceExportData } from '../evidence-export.js';
import { DomainError } from '../../shared/domain.error.js';
import { requireId, requireSha256 } from '../command-fields.js';
import type { ContractState } from '../contract.state.js';
import type { Decision } from './decision.js';
import { registered } from './guards.js';

// An evaluator's evidence package handed out (docs/rules.md §9, §10): recorded whatever the
// contract's status, also after its evidence grace.

export function recordEvidenceExport(decision: Decision, data: CommandData<'RecordEvidenceExport'>): ContractEvent[] {
  return [{ type: 'EvidenceExported', data: evidenceExportOf(registered(decision.state), data) }];
}

/** Checks a RecordEvidenceExport command's data against the contract's state; the event's data. */
function evidenceExportOf(state: ContractState, data: CommandData<'RecordEvidenceExport'>): EvidenceExportData {
  const exportId = requireId(data.exportId, 'exportId');
  const packageSha256 = requireSha256(data.packageSha256, 'packageSha256');
  const packageBytes = data.packageBytes;
  if (typeof packageBytes !== 'number' || !Number.isSafeInteger(packageBytes) || packageBytes <= 0) {
    throw new DomainError('invalid', 'invalid-field', 'packageBytes must be a positive whole number.', { field: 'packageBytes' });
  }
  const takenAt = (data.takenAt ?? {}) as Record<string, unknown>;
  const streamVersion = takenAt.streamVersion;
  if (typeof streamVersion !== 'number' || !Number.isSafeInteger(streamVersion) || streamVersion < 1 || streamVersion > state.version) {
    throw new DomainError('invalid', 'invalid-field', 'takenAt.streamVersion must be a version the contract’s log has reached.', {
      field: 'takenAt.streamVersion',
    });
  }
  const globalPosition = takenAt.globalPosition;
  if (typeof globalPosition !== 'string' || !/^[1-9]\d{0,19}$/.test(globalPosition)) {
    throw new DomainError('invalid', 'invalid-field', 'takenAt.globalPosition must be a log position in decimal.', { field: 'takenAt.globalPosition' });
  }
  const options = (data.options ?? {}) as Record<string, unknown>;
  if (!isDateGranularity(options.dateGranularity)) {
    throw new DomainError('invalid', 'invalid-field', `options.dateGranularity must be one of ${DATE_GRANULARITIES.join(', ')}.`, {
      field: 'options.dateGranularity',
    });
  }
  const studyKey = options.studyKey ?? null;
  if (studyKey !== null && !isStudyKeyName(studyKey)) {
    throw new DomainError(
      'invalid',
      'invalid-field',
      'options.studyKey must be 3-64 letters, digits, dots, dashes or underscores, starting with a letter, with no CPR-shaped digits.',
      { field: 'options.studyKey' },
    );
  }
  return {
    exportId,
    takenAt: { streamVersion, globalPosition },
    options: { dateGranularity: options.dateGranularity, studyKey },
    packageSha256,
    packageBytes,
  };
}

/** An evidence package handed to an evaluator. */
export const EVIDENCE_COMMANDS = {
  RecordEvidenceExport: { facts: { EvidenceExported: same }, importable: false, decide: recordEvidenceExport },
} as const satisfies CommandSpecs;
