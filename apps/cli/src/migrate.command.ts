import { Command } from 'commander';
import { withCliContext } from './cli-context.js';

export function migrateCommand(): Command {
  return new Command('migrate')
    .description('apply pending schema migrations (the service also does this at start-up) and exit')
    .action(async () => {
      await withCliContext(async () => undefined);
      console.log('schema up to date');
    });
}
