import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as received. */
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  body: any;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  /** Sent as given: bytes that are not UTF-8, bodies of any media type. */
  body?: Buffer | string;
}

function toResponse(status: number, headers: IncomingHttpHeaders, text: string): RawResponse {
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status, headers, text, body };
}

/**
 * One HTTP request through node:http, for what fetch would not send: bodies that are not UTF-8,
 * any Content-Type, paths that are not normalised.
 */
export function rawRequest(baseUrl: string, options: RawRequest): Promise<RawResponse> {
  const upload = openUpload(baseUrl, options);
  if (options.body !== undefined) upload.write(options.body);
  upload.end();
  return upload.response;
}

export interface OpenUpload {
  write(chunk: Buffer | string): void;
  end(): void;
  /** Gives up on the request (the body never completes). */
  abort(): void;
  /** Settles when the service answers, whether or not the body is complete. */
  response: Promise<RawResponse>;
}

/** A request whose body is written piece by piece, to see what the service does before it ends. */
export function openUpload(baseUrl: string, options: RawRequest): OpenUpload {
  const url = new URL(options.path, baseUrl);
  const req = httpRequest({
    host: url.hostname,
    port: url.port,
    // Sent as written: no normalisation of the path.
    path: options.path,
    method: options.method ?? 'POST',
    headers: options.headers ?? {},
    // A connection of its own: a pooled keep-alive socket that the service closes after its idle
    // timeout, just as the next request picks it up, fails that request with ECONNRESET (seen
    // when a slow machine stretches the pause between two requests past the 5 s idle timeout).
    agent: false,
  });
  const response = new Promise<RawResponse>((resolve, reject) => {
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve(toResponse(res.statusCode ?? 0, res.headers, Buffer.concat(chunks).toString('utf8'))));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
  // An aborted request rejects; the tests that abort have already read the answer.
  response.catch(() => undefined);
  return {
    write: (chunk) => void req.write(chunk),
    end: () => void req.end(),
    abort: () => void req.destroy(),
    response,
  };
}

/** Rejects when the promise has not settled within the bound: an answer that never comes fails the test instead of hanging it. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, bound]).finally(() => clearTimeout(timer));
}
