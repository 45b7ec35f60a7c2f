import { createHash } from 'node:crypto';
import { canonicalJson } from '../shared/canonical-json.js';
import type { Settlement } from './settlement.js';

/**
 * SHA-256 (hex) of the canonical JSON (keys sorted) of `{ achieved, confirmed, future, due, lines }`:
 * the money of a settlement, line by line. A proposal recorded with it can be compared with the
 * settlement later; the status, finalOn and computedAtVersion are left out, so time passing or an
 * event that changes no amount leaves it as it was.
 */
export function settlementDigest(settlement: Settlement): string {
  const { achieved, confirmed, future, due, lines } = settlement;
  return createHash('sha256').update(canonicalJson({ achieved, confirmed, future, due, lines })).digest('hex');
}
