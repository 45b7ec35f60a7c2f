import { performance } from 'node:perf_hooks';
import type { ClientMessage, ClientRequest, ClientSpec, RoundReply, SendReply } from './clients.js';
import { Cohort } from './cohort.js';
import { requestOf } from './facts.js';
import { HttpClient } from './http-client.js';
import { importFiles } from './import-files.js';
import { runLoops } from './loops.js';

/**
 * The benchmark's HTTP clients in a process of their own (forked by `ClientProcess`): they run the
 * measured rounds here, time every request here, and report this process's CPU and event loop
 * separately from the service's. Nothing of the service is loaded here.
 */

interface Opened {
  clients: HttpClient[];
  /** One operation per client (resolves to the events it wrote or read), for `run`. */
  loops: Array<() => Promise<number>>;
  tally?: { facts: number; outcomes: number };
  cohorts?: Cohort[];
  /** `import`: the next file, for `send`. */
  files?: Generator<{ sender: 'commissioner' | 'provider'; lines: number; body: string }>;
  uploader?: { tokens: { commissioner: string; provider: string }; contractId: string };
}

const opened = new Map<string, Opened>();

function open(spec: ClientSpec): Opened {
  switch (spec.kind) {
    case 'facts': {
      const cohorts = spec.cohorts.map((state) => Cohort.from(state));
      const clients = cohorts.map(() => new HttpClient(spec.port));
      const tally = { facts: 0, outcomes: 0 };
      const loops = cohorts.map((cohort, c) => async () => {
        const { participantId, fact } = cohort.next();
        const { path, body } = requestOf(fact);
        const token = fact.type === 'RecordBenefitWeek' ? spec.tokens.commissioner : spec.tokens.provider;
        const response = await clients[c].post(`/contracts/${cohort.contractId}/participants/${participantId}${path}`, body, token);
        tally.facts++;
        for (const event of response.body.events as Array<{ type: string }>) if (event.type.startsWith('Outcome')) tally.outcomes++;
        return 1;
      });
      return { clients, loops, tally, cohorts };
    }
    case 'get': {
      const clients = Array.from({ length: spec.clients }, () => new HttpClient(spec.port));
      const loops = clients.map((client) => async () => {
        const response = await client.request('GET', spec.path, { token: spec.token });
        if (response.status !== spec.expect) throw new Error(`GET ${spec.path} answered ${response.status}`);
        return 1;
      });
      return { clients, loops };
    }
    case 'import': {
      const files = importFiles(spec.participantIds, (index) => (index === 0 ? spec.firstLines : spec.linesPerFile));
      return { clients: [new HttpClient(spec.port)], loops: [], files, uploader: { tokens: spec.tokens, contractId: spec.contractId } };
    }
  }
}

function cpuFrom(start: { cpu: NodeJS.CpuUsage; loop: ReturnType<typeof performance.eventLoopUtilization>; at: number }) {
  const seconds = (performance.now() - start.at) / 1000;
  const used = process.cpuUsage(start.cpu);
  return {
    cores: (used.user + used.system) / 1e6 / seconds,
    eventLoop: performance.eventLoopUtilization(performance.eventLoopUtilization(), start.loop).utilization,
  };
}

const mark = () => ({ cpu: process.cpuUsage(), loop: performance.eventLoopUtilization(), at: performance.now() });

/** One round of the workload in this process, timed here (like `runFor` in measure.ts). */
async function run(workload: Opened, ms: number): Promise<RoundReply> {
  const before = workload.tally ? { ...workload.tally } : undefined;
  const cpuAtStart = mark();
  const { events, seconds, latenciesMs } = await runLoops(workload.loops, ms);
  const reply: RoundReply = { events, operations: latenciesMs.length, seconds, latenciesMs, clients: cpuFrom(cpuAtStart) };
  if (workload.tally && before) {
    reply.facts = workload.tally.facts - before.facts;
    reply.outcomes = workload.tally.outcomes - before.outcomes;
  }
  if (workload.cohorts) reply.cohorts = workload.cohorts.map((cohort) => cohort.state());
  return reply;
}

async function send(workload: Opened): Promise<SendReply> {
  if (!workload.files || !workload.uploader) throw new Error('not an uploader');
  const next = workload.files.next();
  if (next.done) throw new Error('the import cohort has recorded its whole history: raise PARTICIPANTS');
  const file = next.value;
  const { tokens, contractId } = workload.uploader;
  const cpuAtStart = mark();
  const began = performance.now();
  const response = await workload.clients[0].request('POST', `/contracts/${contractId}/imports`, {
    token: tokens[file.sender],
    body: file.body,
    contentType: 'application/x-ndjson',
  });
  const ms = performance.now() - began;
  return { sender: file.sender, lines: file.lines, status: response.status, body: response.body, ms, clients: cpuFrom(cpuAtStart) };
}

function close(name: string): void {
  for (const client of opened.get(name)?.clients ?? []) client.close();
  opened.delete(name);
}

async function handle(request: ClientRequest): Promise<unknown> {
  switch (request.op) {
    case 'open':
      opened.set(request.name, open(request.spec));
      return undefined;
    case 'run':
    case 'send': {
      const workload = opened.get(request.name);
      if (!workload) throw new Error(`no workload ${request.name}`);
      return request.op === 'run' ? run(workload, request.ms) : send(workload);
    }
    case 'close':
      close(request.name);
      return undefined;
    case 'exit':
      for (const name of [...opened.keys()]) close(name);
      return undefined;
  }
}

process.on('message', (message: ClientRequest & { id: number }) => {
  handle(message).then(
    (result): void => {
      const reply: ClientMessage = { id: message.id, result };
      process.send!(reply, () => {
        if (message.op === 'exit') process.disconnect();
      });
    },
    (error: unknown) => {
      const reply: ClientMessage = { id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
      process.send!(reply);
    },
  );
});
// The bench's process gone (crashed, interrupted): nothing left to do here.
process.on('disconnect', () => {
  for (const name of [...opened.keys()]) close(name);
  process.exit(0);
});
