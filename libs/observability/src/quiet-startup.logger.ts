import type { LoggerService } from '@nestjs/common';

/**
 * Nest's own start-up chatter: a line per module, per controller and per route (some 90), and
 * "starting"/"started". Logged at `debug`, so that `info` shows what an operator acts on (the
 * migrations applied, the subscriptions running, where the process listens).
 */
export const STARTUP_CONTEXTS: ReadonlySet<string> = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

/** Nest's logger (`inner`, nestjs-pino's) with the start-up contexts' lines moved from `info` to `debug`. */
export class QuietStartupLogger implements LoggerService {
  constructor(private readonly inner: LoggerService & Required<Pick<LoggerService, 'debug'>>) {}

  log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams.at(-1);
    if (typeof context === 'string' && STARTUP_CONTEXTS.has(context)) this.inner.debug(message, ...optionalParams);
    else this.inner.log(message, ...optionalParams);
  }

  error(message: unknown, ...optionalParams: unknown[]): void {
    this.inner.error(message, ...optionalParams);
  }

  warn(message: unknown, ...optionalParams: unknown[]): void {
    this.inner.warn(message, ...optionalParams);
  }

  debug(message: unknown, ...optionalParams: unknown[]): void {
    this.inner.debug(message, ...optionalParams);
  }

  verbose(message: unknown, ...optionalParams: unknown[]): void {
    (this.inner.verbose ?? this.inner.debug).call(this.inner, message, ...optionalParams);
  }

  fatal(message: unknown, ...optionalParams: unknown[]): void {
    (this.inner.fatal ?? this.inner.error).call(this.inner, message, ...optionalParams);
  }
}
