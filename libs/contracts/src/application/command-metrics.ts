import { type CommandOutcome, CommandIdReusedError, StreamBusyError } from '#event-store';
import { isDomainError } from '#domain';
import type { CommandOutcomeLabel, Metrics } from '#observability';

/** The code a refusal is known by (as the HTTP answer's `error`); undefined for a failure that is no refusal. */
function refusalCode(error: unknown): string | undefined {
  if (isDomainError(error)) return error.code;
  if (error instanceof CommandIdReusedError) return 'idempotency-key-reused';
  return undefined;
}

/** Counts a command's outcome into outcomes_commands_total. */
export function countCommand(metrics: Metrics, type: string, outcome: CommandOutcome): void {
  if ('rejected' in outcome) countCommandError(metrics, type, outcome.rejected);
  else metrics.command(type, outcome.duplicate ? 'retried' : 'recorded');
}

/** Counts a command that threw: refused with its code, or failed (a contended stream is `contract-busy`, anything else `internal`). */
export function countCommandError(metrics: Metrics, type: string, error: unknown): void {
  const code = refusalCode(error);
  const outcome: CommandOutcomeLabel = code === undefined ? 'failed' : 'refused';
  metrics.command(type, outcome, code ?? (error instanceof StreamBusyError ? 'contract-busy' : 'internal'));
}
