import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** The media types an import is sent as. */
export const JSON_LINES_MEDIA_TYPES = ['application/x-ndjson', 'application/jsonl', 'application/json-lines', 'text/plain'] as const;

/** The largest import accepted, in bytes (after decompression). */
export const IMPORT_BODY_LIMIT_BYTES = 50 * 1024 * 1024;

export function mediaTypeOf(request: Pick<Request, 'headers'>): string {
  return String(request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

function fail(response: Response, status: number, error: string, message: string): void {
  if (!response.headersSent) response.status(status).json({ statusCode: status, error, message });
}

/**
 * The body parser of the import route: reads a JSON Lines body (see JSON_LINES_MEDIA_TYPES; gzip
 * content-encoding allowed) into `request.body` as a string, up to IMPORT_BODY_LIMIT_BYTES, and
 * refuses bytes that are not UTF-8. Other media types pass through untouched (the route answers
 * 415), so the application's JSON parser is unaffected.
 */
@Injectable()
export class JsonLinesBodyParser implements NestMiddleware {
  use(request: Request, response: Response, next: NextFunction): void {
    if (!(JSON_LINES_MEDIA_TYPES as readonly string[]).includes(mediaTypeOf(request)) || typeof request.body === 'string') {
      next();
      return;
    }
    const encoding = String(request.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding !== 'identity' && encoding !== 'gzip') {
      fail(response, 415, 'unsupported-encoding', `Content-Encoding ${encoding} is not supported (identity or gzip).`);
      return;
    }
    const declared = Number(request.headers['content-length'] ?? NaN);
    if (encoding === 'identity' && declared > IMPORT_BODY_LIMIT_BYTES) {
      fail(response, 413, 'import-too-large', `An import may hold at most ${IMPORT_BODY_LIMIT_BYTES / 1024 / 1024} MB; split the file.`);
      request.resume();
      return;
    }
    const source: Readable = encoding === 'gzip' ? request.pipe(createGunzip()) : request;
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (error?: { status: number; code: string; message: string }): void => {
      if (done) return;
      done = true;
      if (error) {
        request.unpipe();
        request.resume();
        fail(response, error.status, error.code, error.message);
        return;
      }
      try {
        request.body = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks, size));
      } catch {
        fail(response, 400, 'invalid-encoding', 'The import must be UTF-8 text.');
        return;
      }
      next();
    };
    source.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > IMPORT_BODY_LIMIT_BYTES) {
        finish({ status: 413, code: 'import-too-large', message: `An import may hold at most ${IMPORT_BODY_LIMIT_BYTES / 1024 / 1024} MB; split the file.` });
        return;
      }
      chunks.push(chunk);
    });
    source.on('end', () => finish());
    source.on('error', () => finish({ status: 400, code: 'invalid-body', message: 'The request body could not be read (bad gzip data, or the upload was cut off).' }));
  }
}
