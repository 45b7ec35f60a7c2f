import { BadRequestException, HttpException, HttpStatus, PayloadTooLargeException } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** The media types an import is sent as. */
export const JSON_LINES_MEDIA_TYPES = ['application/x-ndjson', 'application/jsonl', 'application/json-lines', 'text/plain'] as const;

/** The largest import accepted, in bytes (after decompression). */
export const IMPORT_BODY_LIMIT_BYTES = 50 * 1024 * 1024;

export function mediaTypeOf(request: { headers: IncomingHttpHeaders }): string {
  return String(request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

const tooLarge = (): HttpException =>
  new PayloadTooLargeException({
    statusCode: 413,
    error: 'import-too-large',
    message: `An import may hold at most ${IMPORT_BODY_LIMIT_BYTES / 1024 / 1024} MB; split the file.`,
  });

/**
 * The body parser of JSON Lines (see JSON_LINES_MEDIA_TYPES; gzip content-encoding allowed): the
 * body as a string, up to IMPORT_BODY_LIMIT_BYTES, refusing bytes that are not UTF-8. Only the
 * import route reads such a body; other routes find a string where they expect an object and
 * answer 400.
 */
export function registerJsonLinesParser(fastify: FastifyInstance): void {
  // text/plain has a built-in parser, which Fastify lets an application replace.
  fastify.addContentTypeParser([...JSON_LINES_MEDIA_TYPES], (request: FastifyRequest, payload: IncomingMessage) =>
    readJsonLines(request.headers, payload),
  );
}

async function readJsonLines(headers: IncomingHttpHeaders, payload: Readable): Promise<string> {
  const encoding = String(headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip') {
    payload.resume();
    throw new HttpException(
      { statusCode: 415, error: 'unsupported-encoding', message: `Content-Encoding ${encoding} is not supported (identity or gzip).` },
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    );
  }
  if (encoding === 'identity' && Number(headers['content-length'] ?? NaN) > IMPORT_BODY_LIMIT_BYTES) {
    payload.resume();
    throw tooLarge();
  }
  const source: Readable = encoding === 'gzip' ? payload.pipe(createGunzip()) : payload;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > IMPORT_BODY_LIMIT_BYTES) throw tooLarge();
      chunks.push(chunk);
    }
  } catch (error) {
    payload.unpipe();
    payload.resume();
    if (error instanceof HttpException) throw error;
    throw new BadRequestException({
      statusCode: 400,
      error: 'invalid-body',
      message: 'The request body could not be read (bad gzip data, or the upload was cut off).',
    });
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks, size));
  } catch {
    throw new BadRequestException({ statusCode: 400, error: 'invalid-encoding', message: 'The import must be UTF-8 text.' });
  }
}
