/** Turns `data` of schema version `from` into version `from + 1`. */
export type Upcast = (data: unknown) => unknown;

/**
 * Older schema versions stay in the log as written; readers see the current shape. Register one
 * step per version bump; reading chains the steps.
 */
export class UpcasterRegistry {
  private readonly steps = new Map<string, Upcast>();

  register(eventType: string, fromVersion: number, upcast: Upcast): this {
    this.steps.set(`${eventType}@${fromVersion}`, upcast);
    return this;
  }

  upcast(eventType: string, schemaVersion: number, data: unknown): { schemaVersion: number; data: unknown } {
    let version = schemaVersion;
    let current = data;
    for (let step = this.steps.get(`${eventType}@${version}`); step; step = this.steps.get(`${eventType}@${version}`)) {
      current = step(current);
      version += 1;
    }
    return { schemaVersion: version, data: current };
  }
}
