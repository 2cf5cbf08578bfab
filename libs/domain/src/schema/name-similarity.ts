function comparable(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * 0..1 similarity of two field names, ignoring case and punctuation (`Customer ID` = `customer_id`):
 * the better of the edit-distance ratio and, when one name contains the other, a containment
 * score (`zip` in `zip_code`).
 */
export function nameSimilarity(a: string, b: string): number {
  const x = comparable(a);
  const y = comparable(b);
  if (x === y) return 1;
  const longest = Math.max(x.length, y.length);
  if (longest === 0) return 0;
  const edit = 1 - levenshtein(x, y) / longest;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  const containment =
    short.length >= 2 && long.includes(short) ? 0.5 + (0.5 * short.length) / long.length : 0;
  return Math.max(edit, containment);
}
