import pRetry from 'p-retry';
import { EventIdConflictError, StreamBusyError, WrongExpectedVersionError } from '../../event-store.errors.js';

/** How long a writer keeps trying when other writers contend for its stream. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Time for all attempts together, waits for locks included. */
  budgetMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 8, budgetMs: 2_000 };

// lock_not_available (lock_timeout ran out), deadlock_detected, serialization_failure.
const CONTENDED_SQLSTATES = new Set(['55P03', '40P01', '40001']);

/**
 * Whether an attempt failed for a race with another writer rather than for anything in the
 * command: another process appended first, took an event id in the meantime, or held a lock.
 */
export function isContention(error: unknown): boolean {
  if (error instanceof WrongExpectedVersionError || error instanceof EventIdConflictError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && CONTENDED_SQLSTATES.has(code);
}

/**
 * Runs `attempt` (each a transaction of its own, so a failed one wrote nothing) again while it fails
 * for contention, after a short jittered exponential back-off, within the policy's attempts and time;
 * `attempt` is told its number and the time left, to bound its own lock waits. Still contended at
 * the end: StreamBusyError.
 */
export async function retryContention<T>(
  streamId: string,
  policy: RetryPolicy,
  attempt: (attemptNumber: number, remainingMs: number) => Promise<T>,
): Promise<T> {
  const deadline = performance.now() + policy.budgetMs;
  try {
    return await pRetry((attemptNumber) => attempt(attemptNumber, Math.max(1, Math.ceil(deadline - performance.now()))), {
      retries: Math.max(0, policy.attempts - 1),
      minTimeout: 5,
      factor: 2,
      maxTimeout: 100,
      randomize: true,
      maxRetryTime: policy.budgetMs,
      shouldRetry: ({ error }) => isContention(error),
    });
  } catch (error) {
    if (isContention(error)) throw new StreamBusyError(streamId, { cause: error });
    throw error;
  }
}
