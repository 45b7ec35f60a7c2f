/**
 * A Map that counts its changes: `version` moves on every set, delete and clear, whoever makes
 * them, so a result computed from the map at one version can be reused while it stays there.
 */
export class VersionedMap<K, V> extends Map<K, V> {
  private changes = 0;

  get version(): number {
    return this.changes;
  }

  override set(key: K, value: V): this {
    this.changes += 1;
    return super.set(key, value);
  }

  override delete(key: K): boolean {
    this.changes += 1;
    return super.delete(key);
  }

  override clear(): void {
    this.changes += 1;
    super.clear();
  }
}
