import type { DriftRenameCandidate, FieldStats, SchemaFields } from '@tributary/contracts';
import { describeType, typeInfoOf } from '../inference/type-info';
import { nameSimilarity } from './name-similarity';

/** Statistics of the two schemas being compared, by field name, when known. */
export interface DiffStats {
  readonly active?: Readonly<Record<string, FieldStats>>;
  readonly observed?: Readonly<Record<string, FieldStats>>;
}

/** Pairs scoring below this are not reported. */
export const MIN_RENAME_SCORE = 0.5;

interface ValueEvidence {
  readonly score: number;
  readonly words: string[];
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** How alike the values of two fields look: shared samples, equal min/max, close distinct counts. */
function valueEvidence(before: FieldStats, after: FieldStats): ValueEvidence {
  const words: string[] = [];
  const shared = before.samples.filter((sample) => after.samples.includes(sample)).length;
  const comparable = Math.min(before.samples.length, after.samples.length);
  const sampleScore = comparable === 0 ? 0 : shared / comparable;
  if (comparable > 0) words.push(`${shared} of ${comparable} samples equal`);
  const sameMin = before.min !== null && before.min === after.min;
  const sameMax = before.max !== null && before.max === after.max;
  if (sameMin) words.push(`same min ${JSON.stringify(before.min)}`);
  if (sameMax) words.push(`same max ${JSON.stringify(before.max)}`);
  const larger = Math.max(before.distinctEstimate, after.distinctEstimate);
  const ratio =
    larger === 0 ? 0 : Math.min(before.distinctEstimate, after.distinctEstimate) / larger;
  const closeDistinct = ratio >= 0.9;
  words.push(
    `distinct estimates ${before.distinctEstimate} vs ${after.distinctEstimate}${closeDistinct ? ' (close)' : ''}`,
  );
  const score =
    0.4 * sampleScore +
    0.2 * Number(sameMin) +
    0.2 * Number(sameMax) +
    0.2 * (closeDistinct ? ratio : 0);
  return { score, words };
}

/**
 * Rename candidates: every removed field paired with every added field of the same type, scored
 * by name similarity and, when statistics of both are known, by value evidence (half each).
 * Only candidates: a rename is never applied without a person's decision.
 */
export function findRenameCandidates(
  removed: readonly string[],
  added: readonly string[],
  active: SchemaFields,
  observed: SchemaFields,
  stats: DiffStats = {},
): DriftRenameCandidate[] {
  const candidates: DriftRenameCandidate[] = [];
  for (const from of removed) {
    const before = active[from];
    if (before === undefined || before.type === 'null') continue;
    for (const to of added) {
      const after = observed[to];
      if (after === undefined || after.type !== before.type) continue;
      const names = nameSimilarity(from, to);
      const beforeStats = stats.active?.[from];
      const afterStats = stats.observed?.[to];
      const values = beforeStats && afterStats ? valueEvidence(beforeStats, afterStats) : undefined;
      const score = round(values === undefined ? names : 0.5 * names + 0.5 * values.score);
      if (score < MIN_RENAME_SCORE) continue;
      const evidence = [
        `name similarity ${round(names)} (${JSON.stringify(from)} → ${JSON.stringify(to)})`,
      ];
      if (values !== undefined) evidence.push(...values.words);
      else evidence.push('no value statistics to compare');
      candidates.push({
        from,
        to,
        type: describeType(typeInfoOf(after)),
        score,
        evidence: evidence.join('; '),
      });
    }
  }
  return candidates.sort(
    (a, b) => b.score - a.score || a.from.localeCompare(b.from) || a.to.localeCompare(b.to),
  );
}
