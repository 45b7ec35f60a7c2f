import { performance } from 'node:perf_hooks';
import { Prng } from '../apps/demo/src/prng.js';
import type { HttpClient, HttpResponse } from './http-client.js';
import type { ScaleRole } from './scale-service.js';

/** One read's timings at one size. */
export interface ReadTiming {
  /** The column's name. */
  name: string;
  samplesMs: number[];
  /** Bytes of the last answer. */
  bytes: number;
  /** How the read was made, where that varies (e.g. a list that is not paged yet). */
  note?: string;
}

/** How long each read is sampled: at least `minCalls`, then until `seconds` or `maxCalls`. */
export interface ReadBudget {
  minCalls: number;
  maxCalls: number;
  seconds: number;
}

/** A non-2xx answer ends the run: the instrument measures answers, not refusals. */
export function expectOk(response: HttpResponse, what: string): HttpResponse {
  if (response.status < 200 || response.status > 299) {
    throw new Error(`${what} answered ${response.status}: ${JSON.stringify(response.body).slice(0, 500)}`);
  }
  return response;
}

/**
 * The items of a list's answer, whatever its shape: the answer itself when it is an array, else
 * its first array member among the usual names (`items`, `data`, …) or of any name (today
 * `occurrences` / `participants`; a paged list may move them).
 */
export function itemsOf(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  if (body === null || typeof body !== 'object') throw new Error(`a list answered ${JSON.stringify(body).slice(0, 200)}`);
  const record = body as Record<string, unknown>;
  for (const key of ['items', 'data', 'results', 'rows']) if (Array.isArray(record[key])) return record[key] as unknown[];
  const first = Object.values(record).find(Array.isArray);
  if (!first) throw new Error(`a list answered no array: ${JSON.stringify(body).slice(0, 200)}`);
  return first as unknown[];
}

/** Times `call` (after one call that is not counted), as the budget says; `before` runs untimed before each call. */
export async function timeRead(
  name: string,
  call: () => Promise<HttpResponse>,
  budget: ReadBudget,
  options: { note?: string; before?: () => Promise<unknown> } = {},
): Promise<ReadTiming> {
  const { note, before } = options;
  await call();
  const samplesMs: number[] = [];
  let bytes = 0;
  const began = performance.now();
  while (samplesMs.length < budget.minCalls || (samplesMs.length < budget.maxCalls && performance.now() - began < budget.seconds * 1000)) {
    await before?.();
    const started = performance.now();
    bytes = (await call()).bytes;
    samplesMs.push(performance.now() - started);
  }
  return { name, samplesMs, bytes, note };
}

/** What the reads need of the contract as it stands. */
export interface ReadContext {
  client: HttpClient;
  tokens: Record<ScaleRole, string>;
  contractId: string;
  participantIds: readonly string[];
  /** An earlier instant of the contract's life, for `?asOf=`. */
  asOf: string;
  /** Re-sends a command already recorded, with its Idempotency-Key. */
  retry: () => Promise<HttpResponse>;
  /** Records one new fact on the contract (so that a read cached per log position is computed afresh). */
  newFact: () => Promise<unknown>;
  budget: ReadBudget;
  /** The day of the what-if's termination. */
  terminatedOn: string;
}

const PAGE = 100;

/**
 * A list's first page: `?limit=100` where the service pages it; where it does not (yet), it refuses
 * the unknown parameter (400 naming `limit`), and the whole list is read instead (and said so).
 */
export async function firstPageOf(client: HttpClient, path: string, token: string): Promise<{ path: string; note?: string }> {
  const paged = `${path}?limit=${PAGE}`;
  const response = await client.request('GET', paged, { token });
  if (response.status === 400 && JSON.stringify(response.body).includes('limit')) return { path, note: 'not paged: the whole list' };
  expectOk(response, `GET ${paged}`);
  return { path: paged };
}

/** Every read of the table, in its order, at the contract's current size. */
export async function measureReads(context: ReadContext): Promise<ReadTiming[]> {
  const { client, tokens, contractId, budget } = context;
  const C = `/contracts/${contractId}`;
  const get = (path: string, role: ScaleRole = 'commissioner') => client.request('GET', path, { token: tokens[role] }).then((r) => expectOk(r, `GET ${path}`));
  const prng = new Prng(context.participantIds.length);

  const occurrences = await firstPageOf(client, `${C}/occurrences`, tokens.commissioner);
  const firstOccurrences = itemsOf((await get(occurrences.path)).body) as Array<{ paymentId: string; verified: { recordedAt: string } }>;
  const paymentIds = firstOccurrences.map((o) => o.paymentId);
  if (paymentIds.length === 0) throw new Error(`${C}/occurrences lists no occurrence: nothing verified?`);
  const participants = await firstPageOf(client, `${C}/participants`, tokens.commissioner);
  const asOf = `asOf=${encodeURIComponent(context.asOf)}`;
  // The participants as recorded at asOf (a page): those an asOf read of one finds.
  const participantIdsThen = itemsOf((await get(`${C}/participants?${asOf}&limit=${PAGE}`)).body).map((p) => (p as { participantId: string }).participantId);
  if (participantIdsThen.length === 0) throw new Error(`no participant as recorded at ${context.asOf}`);
  // An occurrence of the first page as recorded at asOf, or at its verification where that is later
  // (half the facts back, the smallest contract may have verified nothing yet).
  const occurrenceThen = (o: (typeof firstOccurrences)[number]) => {
    const at = Date.parse(o.verified.recordedAt) > Date.parse(context.asOf) ? o.verified.recordedAt : context.asOf;
    return `${C}/occurrences/${encodeURIComponent(o.paymentId)}?asOf=${encodeURIComponent(at)}`;
  };

  const reads: Array<[string, () => Promise<HttpResponse>, { note?: string; before?: () => Promise<unknown> }?]> = [
    ['contract', () => get(C)],
    ['contract asOf', () => get(`${C}?asOf=${encodeURIComponent(context.asOf)}`)],
    ['timeline', () => get(`${C}/participants/${prng.pick(context.participantIds)}/timeline`)],
    ['provenance', () => get(`${C}/occurrences/${encodeURIComponent(prng.pick(paymentIds))}`)],
    ['timeline asOf', () => get(`${C}/participants/${prng.pick(participantIdsThen)}/timeline?${asOf}`)],
    ['provenance asOf', () => get(occurrenceThen(prng.pick(firstOccurrences)))],
    ['occurrences', () => get(occurrences.path), { note: occurrences.note }],
    ['participants', () => get(participants.path), { note: participants.note }],
    ['retried command', () => context.retry().then((r) => expectOk(r, 'the retried command'))],
    // The what-if and the figures are kept per log position: timed each after a new fact, as in use
    // while facts arrive, and the what-if also again at one position (another page of its lines).
    ['what-if', () => get(`${C}/settlement/what-if?terminatedOn=${context.terminatedOn}`), { before: context.newFact }],
    ['what-if kept', () => get(`${C}/settlement/what-if?terminatedOn=${context.terminatedOn}`)],
    ['figures', () => get(`${C}/figures`, 'evaluator'), { before: context.newFact }],
  ];
  const timings: ReadTiming[] = [];
  for (const [name, call, options] of reads) timings.push(await timeRead(name, call, budget, options));
  return timings;
}
