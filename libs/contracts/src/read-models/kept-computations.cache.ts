/**
 * Values computed once per key, the only thing they depend on, and kept for the next reads of the
 * same key: a contract's figures or settlement at a log position take up to a second to compute
 * from a big contract. A value that is a promise is shared while it is computed (single flight):
 * every read that asks for its key meanwhile waits for the same computation, and one that fails
 * (rejects) is forgotten at once. `compute` throwing is not kept either. At most `kept` keys are
 * kept, the least recently asked forgotten first.
 */
export class KeptComputations<T> {
  private readonly values = new Map<string, T>();

  constructor(private readonly kept: number) {}

  /** The value under `key`, from `compute` (called synchronously, only when none is kept or under way). */
  get(key: string, compute: () => T): T {
    if (this.values.has(key)) {
      const known = this.values.get(key)!;
      // Asked again: the most recently used, the last to be forgotten.
      this.values.delete(key);
      this.values.set(key, known);
      return known;
    }
    const value = compute();
    this.values.set(key, value);
    if (value instanceof Promise) value.catch(() => this.values.get(key) === value && this.values.delete(key));
    if (this.values.size > this.kept) this.values.delete(this.values.keys().next().value!);
    return value;
  }
}
