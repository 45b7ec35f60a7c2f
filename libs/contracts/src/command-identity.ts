import { createHash } from 'node:crypto';
import type { CommandEnvelope, EventMetadata } from '#event-store';
import { canonicalJson, type ContractCommand } from '#domain';

/**
 * A caller's idempotency key: the `Idempotency-Key` header of a request, or an import line's
 * `commandId` (the same namespace for one principal).
 */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;
export const IDEMPOTENCY_KEY_RULE = '8-128 letters, digits, dots, colons, dashes or underscores';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * The fingerprint of a command as the domain receives it: SHA-256 of the canonical JSON of its
 * type and data (for a referral that is the pseudonym, never the CPR number). A retry has the same.
 */
export function commandFingerprint(command: ContractCommand): string {
  return sha256(canonicalJson({ type: command.type, data: command.data }));
}

/**
 * How the decider runner knows a contract command sent with an idempotency key: by an id scoped to
 * the principal that sent the key (the same key from two principals is two commands;
 * `metadata.actor` names the principal) and by its fingerprint, with the caller's own key kept in
 * the events' metadata, next to the actor, for support. Without a key: nothing to tell a retry by.
 */
export function commandIdentity(
  command: ContractCommand,
  idempotencyKey: string | undefined,
  metadata: EventMetadata,
): Pick<CommandEnvelope<ContractCommand>, 'commandId' | 'fingerprint' | 'metadata'> {
  if (idempotencyKey === undefined) return { metadata };
  if (!metadata.actor) throw new Error('an idempotency key belongs to a principal: metadata.actor is required with it');
  return {
    commandId: `key-${sha256(JSON.stringify([metadata.actor, idempotencyKey]))}`,
    fingerprint: commandFingerprint(command),
    metadata: { ...metadata, idempotencyKey },
  };
}
