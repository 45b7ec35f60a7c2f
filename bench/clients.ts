import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CohortState } from './cohort.js';
import { type CpuUse, cpuSince, cpuSnapshot, processCpuSeconds, type ProcessCpu } from './cpu.js';
import type { ImportReport, Sender } from './import-files.js';
import type { Sample, Workload } from './measure.js';

/**
 * The benchmark's HTTP clients in their own process (`clients.process.ts`, forked), as a real
 * provider's or commissioner's system would be: their CPU (building requests, parsing answers)
 * no longer competes with the service on its event loop, and each is reported on its own.
 */

export type ClientSpec =
  /** One client per cohort, each recording its cohort's next fact, one request at a time. */
  | { kind: 'facts'; port: number; tokens: { commissioner: string; provider: string }; cohorts: CohortState[] }
  /** `clients` clients each sending `GET path` one at a time, insisting on `expect`. */
  | { kind: 'get'; port: number; path: string; token: string; clients: number; expect: number }
  /** One uploader of JSON Lines files (see `importFiles`), one file per `send`. */
  | {
      kind: 'import';
      port: number;
      tokens: { commissioner: string; provider: string };
      contractId: string;
      participantIds: string[];
      firstLines: number;
      linesPerFile: number;
    };

export type ClientRequest =
  | { op: 'open'; name: string; spec: ClientSpec }
  | { op: 'run'; name: string; ms: number }
  | { op: 'send'; name: string }
  | { op: 'close'; name: string }
  | { op: 'exit' };

/** One timed round of a workload in the clients' process. */
export interface RoundReply {
  events: number;
  operations: number;
  seconds: number;
  latenciesMs: number[];
  clients: ProcessCpu;
  /** `facts` workloads: facts recorded and outcome events answered this round, and where the cohorts stand. */
  facts?: number;
  outcomes?: number;
  cohorts?: CohortState[];
}

/** One import file sent by the clients' process. */
export interface SendReply {
  sender: Sender;
  lines: number;
  status: number;
  body: ImportReport | unknown;
  ms: number;
  clients: ProcessCpu;
}

export type ClientMessage = { id: number; result: unknown } | { id: number; error: string };

export class ClientProcess {
  private nextId = 0;
  private nextName = 0;
  private readonly pending = new Map<number, { resolve: (value: any) => void; reject: (error: Error) => void }>();
  private exited: Promise<void>;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: ClientMessage) => {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if ('error' in message) waiting.reject(new Error(`in the clients' process: ${message.error}`));
      else waiting.resolve(message.result);
    });
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        for (const waiting of this.pending.values()) waiting.reject(new Error(`the clients' process ended (${signal ?? code})`));
        this.pending.clear();
        resolve();
      });
    });
  }

  /** Forks the clients' process (the compiled `clients.process.js` next to this module). */
  static start(): ClientProcess {
    const child = fork(fileURLToPath(new URL('./clients.process.js', import.meta.url)), [], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new ClientProcess(child);
  }

  private call<T>(request: ClientRequest): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, ...request }, (error) => {
        if (error && this.pending.delete(id)) reject(error);
      });
    });
  }

  /**
   * Opens `spec`'s clients there and returns them as a Workload measured there: every round runs in
   * the clients' process (latency per request as before); the service's CPU is taken here over the
   * round, the clients' there. `onRound` sees each round's reply (tallies, cohorts' state). With
   * `service`, the service runs as an API and a worker process of their own, whose CPU is read instead.
   */
  async workload(
    label: string,
    spec: ClientSpec,
    onRound?: (reply: RoundReply) => void,
    service?: { api: number; worker: number },
  ): Promise<Workload & { close(): Promise<void> }> {
    const name = `w${this.nextName++}`;
    await this.call({ op: 'open', name, spec });
    return {
      label,
      loops: [],
      run: async (ms: number): Promise<Sample> => {
        const start = cpuSnapshot();
        const apiBefore = service ? processCpuSeconds(service.api) : 0;
        const workerBefore = service ? processCpuSeconds(service.worker) : 0;
        const reply = await this.call<RoundReply>({ op: 'run', name, ms });
        let cpu: CpuUse = { ...cpuSince(start), clients: reply.clients };
        if (service) {
          const share = (seconds: number): number => seconds / cpu.seconds;
          cpu = {
            ...cpu,
            nodeCores: share(processCpuSeconds(service.api) - apiBefore),
            eventLoop: Number.NaN,
            workerCores: share(processCpuSeconds(service.worker) - workerBefore),
          };
        }
        onRound?.(reply);
        return { events: reply.events, operations: reply.operations, seconds: reply.seconds, latenciesMs: reply.latenciesMs, cpu };
      },
      close: () => this.call({ op: 'close', name }),
    };
  }

  /** Opens an `import` uploader there; each `send()` posts its next file. */
  async uploader(spec: Extract<ClientSpec, { kind: 'import' }>): Promise<{ send(): Promise<SendReply>; close(): Promise<void> }> {
    const name = `u${this.nextName++}`;
    await this.call({ op: 'open', name, spec });
    return { send: () => this.call<SendReply>({ op: 'send', name }), close: () => this.call({ op: 'close', name }) };
  }

  async close(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      await this.call({ op: 'exit' }).catch(() => undefined);
    }
    await this.exited;
  }
}
