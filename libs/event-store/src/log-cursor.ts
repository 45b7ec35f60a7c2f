import { LOG_START, type LogPosition } from './event-envelope.js';

const MAX_XID8 = 2n ** 64n - 1n;
const MAX_BIGINT = 2n ** 63n - 1n;

/** Opaque, URL-safe text form of a LogPosition, for feeds and checkpoints handed to clients. */
export function encodeCursor(position: LogPosition): string {
  return Buffer.from(`${position.transactionId}.${position.globalPosition}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined | null): LogPosition {
  if (!cursor) return LOG_START;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^(\d{1,20})\.(\d{1,19})$/.exec(text);
  if (!match) throw new InvalidCursorError();
  const position = { transactionId: BigInt(match[1]).toString(), globalPosition: BigInt(match[2]) };
  // Only a cursor as handed out: a transaction id an xid8 holds, a position a bigint holds, and the
  // very text encodeCursor makes of them (no leading zeros, no other base64 spelling).
  if (BigInt(position.transactionId) > MAX_XID8 || position.globalPosition > MAX_BIGINT || encodeCursor(position) !== cursor) throw new InvalidCursorError();
  return position;
}

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  constructor() {
    super('cursor is not one this service handed out');
  }
}
