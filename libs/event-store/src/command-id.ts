import { createHash } from 'node:crypto';

/**
 * Event ids derived from the command's id, so that a retried command (same id) produces the same
 * event ids, and the store recognises the retry. Shaped as a UUID (version 8, RFC 9562).
 */
export function eventIdFor(commandId: string, index: number): string {
  const hex = createHash('sha256').update(`${commandId}\u0000${index}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
