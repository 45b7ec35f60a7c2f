import { VersionedMap } from '../shared/versioned-map.js';
import type { IsoWeek } from '../time/iso-week.js';

export interface BenefitWeekFact {
  week: IsoWeek;
  benefitPaid: boolean;
  /** Position of the current (latest) record for the week. */
  position: number;
  source?: string;
  /** How many times the week has been recorded: 1, plus one per register correction. */
  records: number;
}

/**
 * A participant's benefit weeks, read as the Map<IsoWeek, BenefitWeekFact> the rules read, kept
 * in two flat arrays instead of a Map entry and an object per week: most of a participant's facts
 * are benefit weeks, and this keeps each in about a third of the memory (docs/snapshots.md
 * "Memory"). A record is made anew on each read: never change one, set the week again. Keys are
 * the records' weeks, in the order first set, as in a Map.
 */
/** A table's weeks as two lists, as `BenefitWeekTable` keeps them. */
export interface BenefitWeekColumns {
  text: ReadonlyArray<string | null | undefined>;
  numbers: readonly number[];
}

export class BenefitWeekTable extends VersionedMap<IsoWeek, BenefitWeekFact> {
  /** Per week, in order: the week, then its record's source. */
  #text: Array<string | undefined> = [];
  /** Per week, in order: the record's position, then its records count times 2 plus 1 if benefit was paid. */
  #numbers: number[] = [];
  /** Whether the weeks are in ascending order (as strings), as while each came after the last. */
  #ascending = true;

  constructor(records?: Iterable<BenefitWeekFact>) {
    // Map's constructor would set the entries before this class's fields exist.
    super();
    if (records !== undefined) for (const record of records) this.set(record.week, record);
  }

  override get size(): number {
    return this.#text.length / 2;
  }

  override get(week: IsoWeek): BenefitWeekFact | undefined {
    const at = this.#indexOf(week);
    return at < 0 ? undefined : this.#recordAt(at);
  }

  override has(week: IsoWeek): boolean {
    return this.#indexOf(week) >= 0;
  }

  override set(week: IsoWeek, record: BenefitWeekFact): this {
    if (record.week !== week) throw new Error(`a benefit week is kept under its own week: ${record.week} set as ${week}`);
    this.changed();
    let at = this.#indexOf(week);
    if (at < 0) {
      const last = this.#text[this.#text.length - 2];
      if (last !== undefined && !(week > last)) this.#ascending = false;
      at = this.#text.push(week, undefined) / 2 - 1;
    }
    this.#text[2 * at + 1] = record.source;
    this.#numbers[2 * at] = record.position;
    this.#numbers[2 * at + 1] = record.records * 2 + (record.benefitPaid ? 1 : 0);
    return this;
  }

  override delete(week: IsoWeek): boolean {
    this.changed();
    const at = this.#indexOf(week);
    if (at < 0) return false;
    this.#text.splice(2 * at, 2);
    this.#numbers.splice(2 * at, 2);
    return true;
  }

  override clear(): void {
    this.changed();
    this.#text = [];
    this.#numbers = [];
    this.#ascending = true;
  }

  override forEach(callback: (value: BenefitWeekFact, key: IsoWeek, map: Map<IsoWeek, BenefitWeekFact>) => void, thisArg?: unknown): void {
    for (const record of this.#records()) callback.call(thisArg, record, record.week, this);
  }

  override [Symbol.iterator](): MapIterator<[IsoWeek, BenefitWeekFact]> {
    return this.entries();
  }

  override entries(): MapIterator<[IsoWeek, BenefitWeekFact]> {
    return this.#records()
      .map((record): [IsoWeek, BenefitWeekFact] => [record.week, record])
      .values();
  }

  override keys(): MapIterator<IsoWeek> {
    return this.#records()
      .map((record) => record.week)
      .values();
  }

  override values(): MapIterator<BenefitWeekFact> {
    return this.#records().values();
  }

  /** A table of the same weeks that changes apart from this one. */
  copy(): BenefitWeekTable {
    const copy = new BenefitWeekTable();
    copy.#text = [...this.#text];
    copy.#numbers = [...this.#numbers];
    copy.#ascending = this.#ascending;
    return copy;
  }

  /** The weeks as the snapshot codec writes them: their weeks and sources, then their numbers, in order. */
  columns(): BenefitWeekColumns {
    return { text: this.#text, numbers: this.#numbers };
  }

  /** The table whose `columns()` these are (as read back from JSON, where an absent source is null). */
  static fromColumns({ text, numbers }: BenefitWeekColumns): BenefitWeekTable {
    if (!isList(text) || !isList(numbers) || text.length !== numbers.length) throw new Error('not the columns of benefit weeks');
    const table = new BenefitWeekTable();
    table.#text = text.map((value) => value ?? undefined);
    // The decoded JSON's own list, kept as it is.
    table.#numbers = numbers as number[];
    table.#ascending = table.#text.every((week, i) => i % 2 === 1 || i === 0 || (week as string) > (table.#text[i - 2] as string));
    return table;
  }

  #indexOf(week: IsoWeek): number {
    const text = this.#text;
    const count = text.length / 2;
    if (this.#ascending) {
      // Weeks most often come in order: then a new one is past the last, and any other is found by halves.
      if (count === 0 || week > (text[2 * count - 2] as string)) return -1;
      let low = 0;
      let high = count - 1;
      while (low <= high) {
        const middle = (low + high) >>> 1;
        const at = text[2 * middle] as string;
        if (at === week) return middle;
        if (at < week) low = middle + 1;
        else high = middle - 1;
      }
      return -1;
    }
    for (let i = text.length - 2; i >= 0; i -= 2) if (text[i] === week) return i / 2;
    return -1;
  }

  #recordAt(at: number): BenefitWeekFact {
    const flags = this.#numbers[2 * at + 1];
    return {
      week: this.#text[2 * at] as IsoWeek,
      benefitPaid: flags % 2 === 1,
      position: this.#numbers[2 * at],
      source: this.#text[2 * at + 1],
      records: Math.floor(flags / 2),
    };
  }

  // What the rules read most: an array is quicker to make and to walk than a generator.
  #records(): BenefitWeekFact[] {
    return Array.from({ length: this.size }, (_, at) => this.#recordAt(at));
  }
}

// Not Array.isArray's narrowing, which makes a readonly list `any[]`.
const isList = (value: unknown): boolean => Array.isArray(value);
