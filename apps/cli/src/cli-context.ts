import type { INestApplicationContext } from '@nestjs/common';
import { openServiceContext } from '#platform';

/** The service's modules for one CLI command (see openServiceContext), closed after it. */
export async function withCliContext<T>(work: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  const app = await openServiceContext({ LOG_LEVEL: 'warn', ...process.env });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}
