import { same, type CommandSpecs } from '../command-spec.js';
import type { CommandData } from '../contract.commands.js';
import type { ContractEvent } from '../contract.events.js';
import { evidenceExportOf } from '../evidence-export.js';
import type { Decision } from './decision.js';
import { registered } from './guards.js';

// An evaluator's evidence package handed out (docs/rules.md §9, §10): recorded whatever the
// contract's status, also after its evidence grace.

export function recordEvidenceExport(decision: Decision, data: CommandData<'RecordEvidenceExport'>): ContractEvent[] {
  return [{ type: 'EvidenceExported', data: evidenceExportOf(registered(decision.state), data) }];
}

/** An evidence package handed to an evaluator. */
export const EVIDENCE_COMMANDS = {
  RecordEvidenceExport: { facts: { EvidenceExported: same }, importable: false, decide: recordEvidenceExport },
} as const satisfies CommandSpecs;
