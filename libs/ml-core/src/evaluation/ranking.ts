type Id = string | number;

export interface RankingInput {
  /** Per user, recommended item ids, best first. */
  recommended: readonly (readonly Id[])[];
  /** Per user (same order), the items that user actually interacted with in the test period. */
  relevant: readonly (readonly Id[])[];
  k: number;
}

interface UserHits {
  /** hits[i] is true when the item at rank i+1 is relevant. */
  hits: boolean[];
  nRelevant: number;
}

/**
 * Users with no relevant items are skipped by every ranking metric (nothing to find, so recall and NDCG are
 * undefined for them); an error is raised if no user is left.
 */
function prepare(fn: string, { recommended, relevant, k }: RankingInput): UserHits[] {
  if (!Number.isInteger(k) || k < 1) throw new Error(`${fn}: k must be a positive integer, got ${k}`);
  if (recommended.length === 0) throw new Error(`${fn}: recommended is empty`);
  if (recommended.length !== relevant.length) {
    throw new Error(`${fn}: recommended has ${recommended.length} users but relevant has ${relevant.length}`);
  }
  const users: UserHits[] = [];
  recommended.forEach((list, u) => {
    const rel = new Set(relevant[u] ?? []);
    if (new Set(list).size !== list.length) throw new Error(`${fn}: recommended[${u}] lists an item twice`);
    if (rel.size === 0) return;
    users.push({ hits: list.slice(0, k).map((item) => rel.has(item)), nRelevant: rel.size });
  });
  if (users.length === 0) throw new Error(`${fn}: no user has any relevant item`);
  return users;
}

const average = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Mean over users of (relevant in top k) / k. @example precisionAtK({ recommended: [['a', 'b']], relevant: [['b']], k: 2 }); // 0.5 */
export function precisionAtK(input: RankingInput): number {
  return average(prepare('precisionAtK', input).map((u) => u.hits.filter(Boolean).length / input.k));
}

/** Mean over users of (relevant in top k) / (number relevant). @example recallAtK({ recommended: [['a', 'b']], relevant: [['b', 'c']], k: 2 }); // 0.5 */
export function recallAtK(input: RankingInput): number {
  return average(prepare('recallAtK', input).map((u) => u.hits.filter(Boolean).length / u.nRelevant));
}

/** Fraction of users with at least one relevant item in the top k. @example hitRate({ recommended: [['a'], ['b']], relevant: [['a'], ['c']], k: 1 }); // 0.5 */
export function hitRate(input: RankingInput): number {
  return average(prepare('hitRate', input).map((u) => (u.hits.some(Boolean) ? 1 : 0)));
}

/**
 * Binary-relevance NDCG@k: DCG = Σ hitᵢ / log2(i + 1), normalised by the DCG of a perfect list with
 * min(#relevant, k) hits.
 * @example ndcgAtK({ recommended: [['a', 'b']], relevant: [['b']], k: 2 }); // (1/log2 3) / 1 = 0.6309
 */
export function ndcgAtK(input: RankingInput): number {
  return average(
    prepare('ndcgAtK', input).map((u) => {
      let dcg = 0;
      u.hits.forEach((h, i) => {
        if (h) dcg += 1 / Math.log2(i + 2);
      });
      let ideal = 0;
      for (let i = 0; i < Math.min(u.nRelevant, input.k); i++) ideal += 1 / Math.log2(i + 2);
      return dcg / ideal;
    }),
  );
}

/**
 * Mean average precision at k: per user Σ_{hits at rank i} precision@i / min(#relevant, k).
 * @example mapAtK({ recommended: [['a', 'b', 'c']], relevant: [['a', 'c']], k: 3 }); // (1 + 2/3) / 2
 */
export function mapAtK(input: RankingInput): number {
  return average(
    prepare('mapAtK', input).map((u) => {
      let hits = 0;
      let sum = 0;
      u.hits.forEach((h, i) => {
        if (h) {
          hits++;
          sum += hits / (i + 1);
        }
      });
      return sum / Math.min(u.nRelevant, input.k);
    }),
  );
}

/**
 * Share of the catalogue that appears in anyone's top k — low coverage means the recommender only ever
 * shows best-sellers.
 * @example catalogueCoverage({ recommended: [['a', 'b'], ['a', 'c']], catalogueSize: 10, k: 2 }); // 0.3
 */
export function catalogueCoverage({ recommended, catalogueSize, k }: { recommended: readonly (readonly Id[])[]; catalogueSize: number; k: number }): number {
  const fn = 'catalogueCoverage';
  if (recommended.length === 0) throw new Error(`${fn}: recommended is empty`);
  if (!Number.isInteger(catalogueSize) || catalogueSize < 1) throw new Error(`${fn}: catalogueSize must be a positive integer`);
  if (!Number.isInteger(k) || k < 1) throw new Error(`${fn}: k must be a positive integer, got ${k}`);
  const seen = new Set<Id>();
  for (const list of recommended) for (const item of list.slice(0, k)) seen.add(item);
  if (seen.size > catalogueSize) throw new Error(`${fn}: ${seen.size} distinct items recommended but catalogueSize is ${catalogueSize}`);
  return seen.size / catalogueSize;
}
