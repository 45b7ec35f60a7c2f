import type { ContractRow, EvidenceFigures } from '#evidence';
import { type CachedFigures, EvidenceFiguresCache } from './evidence-figures.cache.js';

const figuresOf = (title: string): CachedFigures => ({ contract: { title } as ContractRow, figures: {} as EvidenceFigures });

describe('EvidenceFiguresCache', () => {
  it('computes the figures of a key once, however many ask for them while they are computed and after', async () => {
    const cache = new EvidenceFiguresCache();
    let computed = 0;
    const compute = () => {
      computed++;
      return new Promise<CachedFigures>((resolve) => setTimeout(() => resolve(figuresOf('c v1')), 10));
    };
    const answers = await Promise.all([cache.get('c 1 2026-01-01', compute), cache.get('c 1 2026-01-01', compute), cache.get('c 1 2026-01-01', compute)]);
    const later = await cache.get('c 1 2026-01-01', compute);
    expect(computed).toBe(1);
    expect(new Set([...answers, later]).size).toBe(1);
  });

  it('computes another log position or date anew', async () => {
    const cache = new EvidenceFiguresCache();
    const keys = ['c 1 2026-01-01', 'c 2 2026-01-01', 'c 2 2026-01-02', 'd 2 2026-01-02'];
    const titles = await Promise.all(keys.map((key) => cache.get(key, async () => figuresOf(key)).then((f) => f.contract.title)));
    expect(titles).toEqual(keys);
  });

  it('forgets a computation that failed, so the next read computes again', async () => {
    const cache = new EvidenceFiguresCache();
    await expect(cache.get('c 1 d', () => Promise.reject(new Error('database gone')))).rejects.toThrow('database gone');
    await expect(cache.get('c 1 d', async () => figuresOf('again'))).resolves.toEqual(figuresOf('again'));
  });

  it('keeps a bounded number of keys, forgetting the oldest first', async () => {
    const cache = new EvidenceFiguresCache();
    let computed = 0;
    const compute = async () => {
      computed++;
      return figuresOf('x');
    };
    for (let version = 1; version <= 100; version++) await cache.get(`c ${version} d`, compute);
    await cache.get('c 100 d', compute);
    expect(computed).toBe(100);
    await cache.get('c 1 d', compute);
    expect(computed).toBe(101);
  });
});
