import type { Provider } from '@nestjs/common';
import type { Migration } from '#database';
import { OccurrencesProjection, occurrencesMigrations } from './occurrences.projection.js';

/** The projections (catch-up subscriptions) that keep the contracts' read-model tables. */
export const contractProjections: Provider[] = [OccurrencesProjection];

/** Schema of those tables. */
export const contractReadModelMigrations: Migration[] = [...occurrencesMigrations];
