import { KeptComputations } from './kept-computations.cache.js';

describe('KeptComputations', () => {
  it('computes a value once per key and gives the same value to every later read of it', () => {
    const kept = new KeptComputations<{ key: string }>(4);
    let computed = 0;
    const compute = (key: string) => () => (computed++, { key });
    const first = kept.get('a', compute('a'));
    expect(kept.get('a', compute('a'))).toBe(first);
    expect(kept.get('b', compute('b'))).toEqual({ key: 'b' });
    expect(computed).toBe(2);
  });

  it('keeps nothing when the computation throws: the next read computes again', () => {
    const kept = new KeptComputations<number>(4);
    expect(() =>
      kept.get('a', () => {
        throw new Error('not yet');
      }),
    ).toThrow('not yet');
    expect(kept.get('a', () => 1)).toBe(1);
  });

  it('forgets the least recently asked key first', () => {
    const kept = new KeptComputations<string>(2);
    let computed = 0;
    const compute = (key: string) => () => (computed++, key);
    kept.get('a', compute('a'));
    kept.get('b', compute('b'));
    kept.get('a', compute('a')); // a is asked again: b is now the least recently asked
    kept.get('c', compute('c'));
    expect(computed).toBe(3);
    kept.get('a', compute('a'));
    expect(computed).toBe(3);
    kept.get('b', compute('b'));
    expect(computed).toBe(4);
  });
});
