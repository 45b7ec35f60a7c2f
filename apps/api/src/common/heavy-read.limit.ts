import { type CallHandler, type ExecutionContext, HttpStatus, type NestInterceptor, SetMetadata } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { finalize, type Observable } from 'rxjs';
import { principalOf } from '#auth';
import { ApiError } from './api-error.js';

const HEAVY_READ = Symbol('heavy-read');

/**
 * Marks a route as a heavy read (an export, a report: seconds of work and megabytes of answer),
 * limited per principal by HeavyReadLimit.
 */
export const HeavyRead = (): MethodDecorator => SetMetadata(HEAVY_READ, true);

/** Seconds a refused client is asked to wait: about what one of its running reads takes. */
export const HEAVY_READ_RETRY_AFTER_SECONDS = 5;

/**
 * At most `perPrincipal` heavy reads of one principal run at once; one more is refused at once
 * with 429 `too-many-heavy-reads` and Retry-After (nothing is queued, so a client cannot pile up
 * work or connections). A read counts until its answer has been sent in full, or the client left.
 * Counted in memory, per process.
 *
 * While the service prepares a heavy read's answer (an export of a big contract under load can
 * take minutes before its first byte) the connection is not idle by the client's doing: its idle
 * timeout (HTTP_IDLE_TIMEOUT_MS) is lifted until the answer starts, then holds again for a client
 * that stops reading.
 */
export class HeavyReadLimit implements NestInterceptor {
  private readonly running = new Map<string, number>();

  constructor(
    private readonly reflector: Reflector,
    private readonly perPrincipal: number,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.reflector.get<boolean | undefined>(HEAVY_READ, context.getHandler())) return next.handle();
    const http = context.switchToHttp();
    const principal = principalOf(http.getRequest<FastifyRequest>());
    if (principal === undefined) return next.handle();
    const reply = http.getResponse<FastifyReply>();
    const key = principal.name;
    const running = this.running.get(key) ?? 0;
    if (running >= this.perPrincipal) {
      void reply.header('retry-after', String(HEAVY_READ_RETRY_AFTER_SECONDS));
      throw new ApiError(
        HttpStatus.TOO_MANY_REQUESTS,
        'too-many-heavy-reads',
        `${this.perPrincipal} exports or reports of this principal are still running; this one was not started. Retry after ${HEAVY_READ_RETRY_AFTER_SECONDS} s.`,
      );
    }
    this.running.set(key, running + 1);
    reply.raw.once('close', () => {
      const left = (this.running.get(key) ?? 1) - 1;
      if (left > 0) this.running.set(key, left);
      else this.running.delete(key);
    });
    const socket = reply.raw.socket;
    const idleMs = socket?.timeout;
    socket?.setTimeout(0);
    return next.handle().pipe(finalize(() => socket?.setTimeout(idleMs ?? 0)));
  }
}
