import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { createGunzip } from 'node:zlib';
import { type JsonLine, JsonLinesSplitter } from '#contracts';
import { ApiError } from '../common/api-error.js';
import type { BodyMediaTypes } from '../common/body-media-type.hook.js';

/** The media types an import is sent as. */
export const JSON_LINES_MEDIA_TYPES = ['application/x-ndjson', 'application/jsonl', 'application/json-lines', 'text/plain'] as const;

/** The import route's body (its @RouteConfig): JSON Lines, plain or gzip-compressed. */
export const JSON_LINES_BODY: BodyMediaTypes = { mediaTypes: JSON_LINES_MEDIA_TYPES, encodings: ['identity', 'gzip'] };

/** The largest import accepted, in bytes, counted as the body arrives and again as it is inflated. */
export const IMPORT_BODY_LIMIT_BYTES = 50 * 1024 * 1024;

/** An import's body, not read yet: the controller reads it once the caller is authenticated. */
export class JsonLinesUpload {
  constructor(
    readonly stream: IncomingMessage,
    readonly headers: IncomingHttpHeaders,
  ) {}
}

/**
 * The content-type parser of JSON Lines: it reads nothing, it hands the body's stream over. Only
 * the import route takes these media types (body-media-type.hook.ts answers 415 elsewhere, before
 * any parser runs), and its handler reads the stream after the guard (jsonLinesOf).
 */
export function registerJsonLinesParser(fastify: FastifyInstance): void {
  // text/plain has a built-in parser, which Fastify lets an application replace.
  fastify.addContentTypeParser([...JSON_LINES_MEDIA_TYPES], (request: FastifyRequest, payload: IncomingMessage, done) => {
    done(null, new JsonLinesUpload(payload, request.headers));
  });
}

const megabytes = IMPORT_BODY_LIMIT_BYTES / 1024 / 1024;
const stoppedAt = (line: number): string =>
  line > 1
    ? ` The import stopped at line ${line}; the lines before it have been applied. Send the rest again (or the whole file: lines already applied are recorded once, by their commandId).`
    : '';
const tooLarge = (line: number) =>
  new ApiError(413, 'import-too-large', `An import may hold at most ${megabytes} MB of text; split the file.${stoppedAt(line)}`, 'body');
const unreadable = (line: number) =>
  new ApiError(400, 'invalid-body', `The request body could not be read (bad gzip data, or the upload was cut off).${stoppedAt(line)}`, 'body');

class LimitExceeded extends Error {}

/**
 * The lines of an upload as its bytes arrive: inflated piece by piece when gzip-compressed, with
 * a running count of the bytes received and of the bytes inflated that stops at
 * IMPORT_BODY_LIMIT_BYTES, split incrementally (JsonLinesSplitter). Nothing holds more than a
 * chunk and the line being read. If the consumer stops early, the rest of the body is discarded.
 */
export async function* jsonLinesOf(upload: JsonLinesUpload): AsyncGenerator<JsonLine> {
  const { stream: payload, headers } = upload;
  const splitter = new JsonLinesSplitter();
  if (Number(headers['content-length'] ?? NaN) > IMPORT_BODY_LIMIT_BYTES) {
    payload.resume();
    throw tooLarge(1);
  }
  const gzip =
    String(headers['content-encoding'] ?? 'identity')
      .trim()
      .toLowerCase() === 'gzip';
  const gunzip = gzip ? createGunzip() : undefined;
  if (gunzip !== undefined) {
    let received = 0;
    payload.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > IMPORT_BODY_LIMIT_BYTES) gunzip.destroy(new LimitExceeded());
    });
    payload.on('error', (error) => gunzip.destroy(error));
    payload.on('close', () => {
      if (!payload.complete) gunzip.destroy(new Error('the upload was cut off'));
    });
    payload.pipe(gunzip);
  }
  // The request's own stream must not be destroyed when reading stops: the answer goes out on it.
  const chunks = gunzip ?? payload.iterator({ destroyOnReturn: false });
  let size = 0;
  try {
    for await (const chunk of chunks as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > IMPORT_BODY_LIMIT_BYTES) throw new LimitExceeded();
      yield* splitter.push(chunk);
    }
    yield* splitter.end();
  } catch (error) {
    if (error instanceof LimitExceeded) throw tooLarge(splitter.currentLine);
    throw unreadable(splitter.currentLine);
  } finally {
    if (gunzip !== undefined) {
      payload.unpipe(gunzip);
      gunzip.destroy();
    }
    if (!payload.complete) payload.resume();
  }
}
