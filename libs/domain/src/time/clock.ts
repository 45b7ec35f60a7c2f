import { instantOf } from './instant.js';

/**
 * Where "now" comes from. One clock per process, injected wherever now matters (the recording
 * instant of facts, "as recorded at now", a settlement's status), so that tests can set it.
 */
export abstract class Clock {
  abstract now(): Date;

  /** Now, in the store's instant form. */
  instant(): string {
    return instantOf(this.now());
  }
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that shows what it is set to (tests, the demo's simulated year). */
export class SettableClock extends Clock {
  constructor(private current: Date) {
    super();
  }

  now(): Date {
    return new Date(this.current.getTime());
  }

  set(to: Date): void {
    this.current = new Date(to.getTime());
  }
}
