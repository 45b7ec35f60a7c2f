import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** How a command ended: its events recorded, a retry answered with the first result, refused by a rule, or failed otherwise. */
export type CommandOutcomeLabel = 'recorded' | 'retried' | 'refused' | 'failed';

/** Seconds; from a cached read (~1 ms) to a large export. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The process's Prometheus metrics (docs/configuration.md#metrics lists them), in a registry of its own
 * rather than prom-client's global one, so that several apps in one process (the tests) do not
 * share counters. Gauges that are read at scrape time (pool, lag) are added by whoever owns the
 * value (gaugeReadAtScrape).
 */
export class Metrics {
  readonly registry = new Registry();
  private defaultsCollected = false;

  readonly httpRequestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from a request’s arrival to its answer, by the route’s pattern (never the raw path) and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly commands = new Counter({
    name: 'outcomes_commands_total',
    help: 'Commands decided, by type and outcome (recorded, retried, refused, failed); error: the refusal’s code',
    labelNames: ['type', 'outcome', 'error'] as const,
    registers: [this.registry],
  });

  readonly importLines = new Counter({
    name: 'outcomes_import_lines_total',
    help: 'Lines of bulk imports, accepted or rejected',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  command(type: string, outcome: CommandOutcomeLabel, error = ''): void {
    this.commands.inc({ type, outcome, error });
  }

  /** A gauge whose values `read` sets when Prometheus scrapes. A `read` that throws fails the whole scrape: it catches what may fail. */
  gaugeReadAtScrape<L extends string>(name: string, help: string, labelNames: readonly L[], read: (gauge: Gauge<L>) => Promise<void> | void): Gauge<L> {
    return new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        await read(this);
      },
    });
  }

  /** prom-client's process metrics (the event loop's delay, memory, CPU, handles): only in a process that serves the metrics. */
  collectProcessMetrics(): void {
    if (this.defaultsCollected) return;
    this.defaultsCollected = true;
    collectDefaultMetrics({ register: this.registry });
  }

  /** The exposition text and its content type. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
