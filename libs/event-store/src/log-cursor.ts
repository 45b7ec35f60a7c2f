import { LOG_START, type LogPosition } from './event-envelope.js';

/** Opaque, URL-safe text form of a LogPosition, for feeds and checkpoints handed to clients. */
export function encodeCursor(position: LogPosition): string {
  return Buffer.from(`${position.transactionId}.${position.globalPosition}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined | null): LogPosition {
  if (!cursor) return LOG_START;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^(\d{1,20})\.(\d{1,19})$/.exec(text);
  if (!match) throw new InvalidCursorError();
  return { transactionId: match[1], globalPosition: BigInt(match[2]) };
}

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  constructor() {
    super('cursor is not one this service handed out');
  }
}
