/**
 * A Map that counts its changes: `version` moves on every set, delete and clear, whoever makes
 * them, so a result computed from the map at one version can be reused while it stays there.
 */
export class VersionedMap<K, V> extends Map<K, V> {
  private changes = 0;

  get version(): number {
    return this.changes;
  }

  /** Moves the version on: for a subclass that keeps its entries elsewhere than in the Map. */
  protected changed(): void {
    this.changes += 1;
  }

  override set(key: K, value: V): this {
    this.changed();
    return super.set(key, value);
  }

  override delete(key: K): boolean {
    this.changed();
    return super.delete(key);
  }

  override clear(): void {
    this.changed();
    super.clear();
  }
}
