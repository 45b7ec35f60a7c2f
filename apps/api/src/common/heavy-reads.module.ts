import { Global, Injectable, Module } from '@nestjs/common';
import { AppConfig } from '#config';

/**
 * The heavy reads running per principal, one count for the whole API process (HeavyReadLimit is
 * instantiated once per module of routes that use it).
 */
@Injectable()
export class HeavyReadCounts {
  readonly running = new Map<string, number>();
  readonly perPrincipal: number;

  constructor(config: AppConfig) {
    this.perPrincipal = config.HEAVY_READS_PER_PRINCIPAL;
  }
}

/** Provides the process's HeavyReadCounts to every module of the API (imported by AppModule). */
@Global()
@Module({ providers: [HeavyReadCounts], exports: [HeavyReadCounts] })
export class HeavyReadsModule {}
