import { Command } from 'commander';
import { Database, grantServiceRole } from '#database';
import { withCliContext } from './cli-context.js';

export function migrateCommand(): Command {
  return new Command('migrate')
    .description('apply pending schema migrations (the service also does this at start-up) and exit; makes the embedded database when DATA_DIR has none')
    .option('--grant-to <role>', 'then grant this login role (the one the service will connect as) what the service needs, and nothing that changes history')
    .action(async (options: { grantTo?: string }) => {
      await withCliContext(
        async (app) => {
          const { grantTo } = options;
          if (grantTo !== undefined) await app.get(Database).asOwner((owner) => grantServiceRole(owner, grantTo));
        },
        { creates: true },
      );
      console.log(`schema up to date${options.grantTo ? `; ${options.grantTo} may use it` : ''}`);
    });
}
