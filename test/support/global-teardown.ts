/** Stops the run's embedded PostgreSQL, once (each project that needs a database names this teardown). */
export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as { __embeddedPostgres?: { stop(): Promise<void> } };
  const server = holder.__embeddedPostgres;
  holder.__embeddedPostgres = undefined;
  await server?.stop();
}
