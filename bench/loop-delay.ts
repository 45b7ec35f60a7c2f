import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoopDelayMs {
  p50: number;
  p99: number;
  max: number;
}

/** Starts measuring this process's event-loop delay (10 ms resolution); the function returned stops and tells it. */
export function trackLoopDelay(): () => LoopDelayMs {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  return () => {
    delay.disable();
    return { p50: delay.percentile(50) / 1e6, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 };
  };
}

export const loopDelayText = (ms: LoopDelayMs): string => `p50 ${ms.p50.toFixed(1)} ms, p99 ${ms.p99.toFixed(1)} ms, max ${ms.max.toFixed(1)} ms`;
