import { BadRequestException } from '@nestjs/common';

const KEY = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * The request's `Idempotency-Key` header, if any: a retry with the same key records nothing new
 * and answers with what the first attempt recorded.
 */
export function idempotencyKeyOf(request: { headers: Record<string, unknown> }): string | undefined {
  const value = request.headers['idempotency-key'];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !KEY.test(value)) {
    throw new BadRequestException({
      statusCode: 400,
      error: 'invalid-idempotency-key',
      field: 'Idempotency-Key',
      message: 'Idempotency-Key must be 8-128 letters, digits, dots, colons, dashes or underscores',
    });
  }
  return value;
}
