import { Logger } from 'nestjs-pino';
import { loadConfig, readEnvFile } from '#config';
import { closeOnSignals } from '#observability';
import { createApp } from './create-app.js';

async function main(): Promise<void> {
  readEnvFile();
  const config = loadConfig();
  const app = await createApp(config);
  const logger = app.get(Logger);
  closeOnSignals(app, (message) => logger.log(message));
  await app.listen(config.PORT, config.HOST);
  logger.log(`listening on http://${config.HOST}:${config.PORT}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
