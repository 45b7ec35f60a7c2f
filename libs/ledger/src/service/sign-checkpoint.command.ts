import { Command } from '@nestjs/cqrs';
import type { StoredCheckpoint } from './ledger-checkpoints.service.js';

/**
 * Sign a checkpoint now, of every event committed before the command (or get the latest, when it
 * already covers them); undefined while the log is empty.
 */
export class SignCheckpoint extends Command<StoredCheckpoint | undefined> {}
