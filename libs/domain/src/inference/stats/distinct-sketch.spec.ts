import { DISTINCT_SKETCH_SIZE, DistinctSketch, hash32 } from './distinct-sketch';

describe('DistinctSketch', () => {
  it('counts exactly up to the sketch size, however often values repeat', () => {
    const sketch = new DistinctSketch();
    for (let round = 0; round < 3; round++) for (let i = 0; i < 1000; i++) sketch.add(`v${i}`);
    expect(sketch.estimate()).toBe(1000);
  });

  it('counts long values exactly too', () => {
    const sketch = new DistinctSketch();
    for (let i = 0; i < 500; i++) sketch.add(`${'x'.repeat(100)}${i}`);
    sketch.add(`${'x'.repeat(100)}0`);
    expect(sketch.estimate()).toBe(500);
  });

  it.each([5_000, 50_000, 300_000])('estimates %i distinct values within 10 %%', (count) => {
    const sketch = new DistinctSketch();
    for (let i = 0; i < count; i++) {
      sketch.add(`user-${i}@example.com`);
      if (i % 3 === 0) sketch.add(`user-${i >> 1}@example.com`);
    }
    const estimate = sketch.estimate();
    expect(Math.abs(estimate - count) / count).toBeLessThan(0.1);
  });

  it('never estimates fewer than the sketch size once it overflowed', () => {
    const sketch = new DistinctSketch(16);
    for (let i = 0; i < 17; i++) sketch.add(String(i));
    expect(sketch.estimate()).toBeGreaterThanOrEqual(16);
  });

  it('hashes to unsigned 32-bit integers', () => {
    expect(DISTINCT_SKETCH_SIZE).toBe(1024);
    for (const text of ['', 'a', 'é', '😀', 'x'.repeat(1000)]) {
      const hash = hash32(text);
      expect(Number.isInteger(hash) && hash >= 0 && hash < 2 ** 32).toBe(true);
    }
    expect(hash32('a')).not.toBe(hash32('b'));
  });
});
