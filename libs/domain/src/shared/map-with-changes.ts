/**
 * A map as `base` would be after some `set`s, without copying or changing `base`: reads see the
 * changes, in the order a Map would give (a replaced key keeps its place, a new key comes last).
 * For deciding against "the state once this fact is applied" at the cost of the change, not of
 * the map. Keys cannot be deleted, and `base` must not change while the view is in use.
 */
// Shared by every view until its first set (most views of a fact's decision are never written to).
const NO_CHANGES: ReadonlyMap<never, never> = new Map<never, never>();

export class MapWithChanges<K, V> implements Map<K, V> {
  private changes: ReadonlyMap<K, V> = NO_CHANGES;
  private added = 0;

  constructor(private readonly base: Map<K, V>) {}

  /** `base`, while nothing has been set: the view reads as it does. */
  get unchanged(): Map<K, V> | undefined {
    return this.changes.size === 0 ? this.base : undefined;
  }

  get size(): number {
    return this.base.size + this.added;
  }

  get [Symbol.toStringTag](): string {
    return 'Map';
  }

  get(key: K): V | undefined {
    return this.changes.has(key) ? this.changes.get(key) : this.base.get(key);
  }

  has(key: K): boolean {
    return this.changes.has(key) || this.base.has(key);
  }

  set(key: K, value: V): this {
    this.valuesOnce = undefined;
    if (!this.changes.has(key) && !this.base.has(key)) this.added += 1;
    const changes = this.changes === NO_CHANGES ? new Map<K, V>() : (this.changes as Map<K, V>);
    changes.set(key, value);
    this.changes = changes;
    return this;
  }

  delete(): boolean {
    throw new Error('MapWithChanges: keys cannot be deleted');
  }

  clear(): void {
    throw new Error('MapWithChanges: keys cannot be deleted');
  }

  forEach(callback: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  entries(): MapIterator<[K, V]> {
    if (this.changes.size === 0) return this.base.entries();
    return this.changedEntries();
  }

  keys(): MapIterator<K> {
    if (this.changes.size === 0) return this.base.keys();
    return mapped(this.changedEntries(), ([key]) => key);
  }

  values(): MapIterator<V> {
    if (this.changes.size === 0) return this.base.values();
    return this.changedValues().values();
  }

  private *changedEntries(): Generator<[K, V], undefined, unknown> {
    const { base, changes } = this;
    for (const [key, value] of base) yield [key, changes.has(key) ? (changes.get(key) as V) : value];
    for (const entry of changes) if (!base.has(entry[0])) yield entry;
  }

  // What the rules read most, once per view: an array is quicker to make and to walk than a generator.
  private valuesOnce: V[] | undefined;

  private changedValues(): V[] {
    if (this.valuesOnce !== undefined) return this.valuesOnce;
    const { base, changes } = this;
    const values: V[] = [];
    for (const [key, value] of base) values.push(changes.has(key) ? (changes.get(key) as V) : value);
    for (const [key, value] of changes) if (!base.has(key)) values.push(value);
    this.valuesOnce = values;
    return values;
  }
}

function* mapped<T, U>(from: Iterable<T>, map: (item: T) => U): Generator<U, undefined, unknown> {
  for (const item of from) yield map(item);
}
