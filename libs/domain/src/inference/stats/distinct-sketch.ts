/** Distinct values counted exactly; above, a K-minimum-values sketch of this size (~3 % error). */
export const DISTINCT_SKETCH_SIZE = 1024;

const TWO_POW_32 = 2 ** 32;
const MAX_EXACT_LENGTH = 64;

/**
 * A copy of `text` that does not keep alive the chunk it was sliced from (V8 slices share
 * their parent string); values kept for the whole file must not pin every chunk they came from.
 */
function detached(text: string): string {
  return (' ' + text).slice(1);
}

/**
 * FNV-1a over pairs of UTF-16 code units (one multiply per two characters) with a murmur3
 * finaliser: 32 well-mixed bits, as cheap as a JS string hash can be.
 */
export function hash32(text: string): number {
  let hash = 0x811c9dc5 ^ text.length;
  const pairs = text.length & ~1;
  let i = 0;
  for (; i < pairs; i += 2) {
    hash = Math.imul(hash ^ (text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16)), 0x01000193);
  }
  if (i < text.length) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/**
 * Distinct count of a stream of texts. Up to `size` distinct values it keeps the values and the
 * count is exact. Beyond, it is a K-minimum-values sketch: the `size` smallest distinct 32-bit
 * hashes in a max-heap, estimate (k − 1) / (k-th smallest hash / 2^32), standard error
 * ≈ 1 / √(k − 2) ≈ 3.1 % for k = 1024.
 */
export class DistinctSketch {
  /** Long values are kept as their hash, so memory stays small (exact up to 32-bit collisions). */
  private exact: Set<string | number> | undefined = new Set();
  /** Allocated when the exact phase ends: a schema can have many fields with few values. */
  private heap = new Float64Array(0);
  private length = 0;
  private readonly members = new Set<number>();

  constructor(private readonly size: number = DISTINCT_SKETCH_SIZE) {}

  add(text: string): void {
    const exact = this.exact;
    if (exact !== undefined) {
      const key = text.length > MAX_EXACT_LENGTH ? hash32(text) : text;
      if (exact.has(key)) return;
      if (exact.size < this.size) {
        exact.add(typeof key === 'string' ? detached(key) : key);
        return;
      }
      this.exact = undefined;
      this.heap = new Float64Array(this.size);
      for (const value of exact) this.addHash(typeof value === 'string' ? hash32(value) : value);
    }
    this.addHash(hash32(text));
  }

  estimate(): number {
    if (this.exact !== undefined) return this.exact.size;
    const kth = ((this.heap[0] ?? 0) + 1) / TWO_POW_32;
    return Math.max(this.size, Math.round((this.size - 1) / kth));
  }

  private addHash(hash: number): void {
    const heap = this.heap;
    if (this.length === this.size && hash >= (heap[0] ?? 0)) return;
    if (this.members.has(hash)) return;
    this.members.add(hash);
    if (this.length < this.size) {
      this.siftUp(this.length++, hash);
      return;
    }
    this.members.delete(heap[0] ?? 0);
    this.siftDown(hash);
  }

  private siftUp(start: number, value: number): void {
    const heap = this.heap;
    let index = start;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const parentValue = heap[parent] ?? 0;
      if (parentValue >= value) break;
      heap[index] = parentValue;
      index = parent;
    }
    heap[index] = value;
  }

  /** Replaces the largest hash with `value`. */
  private siftDown(value: number): void {
    const heap = this.heap;
    const length = this.length;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      const child = right < length && (heap[right] ?? 0) > (heap[left] ?? 0) ? right : left;
      const childValue = heap[child] ?? 0;
      if (childValue <= value) break;
      heap[index] = childValue;
      index = child;
    }
    heap[index] = value;
  }
}
