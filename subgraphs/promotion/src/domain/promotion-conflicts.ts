/**
 * Which saved promotions a new or changed one would fight with, decided without I/O.
 *
 * Two promotions conflict when evaluation could only break their tie by the amount they give —
 * which is rarely what the people who made them meant:
 * - both in the same exclusivity group, with the same priority,
 * - their validity windows overlap (an open end runs for ever),
 * - and their targets may overlap: either applies to the whole order, or they share a product,
 *   or they share a category, or one targets products and the other categories (a product may
 *   be in the category; the catalog is not asked, so this is flagged for the admin to judge).
 *
 * Ended promotions conflict with nothing; paused ones still do, since resuming them does not
 * check again. A shared code is not a conflict to accept: codes are unique (CODE_TAKEN).
 */

export interface ConflictTerms {
  id: string;
  code: string | null;
  name: string;
  priority: number;
  exclusivityGroup: string | null;
  startsAt: Date;
  endsAt: Date | null;
  targetProductIds: readonly string[];
  targetCategoryIds: readonly string[];
}

function wholeOrder(terms: ConflictTerms): boolean {
  return terms.targetProductIds.length === 0 && terms.targetCategoryIds.length === 0;
}

function shares(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return b.some((id) => set.has(id));
}

export function targetsMayOverlap(a: ConflictTerms, b: ConflictTerms): boolean {
  if (wholeOrder(a) || wholeOrder(b)) return true;
  if (shares(a.targetProductIds, b.targetProductIds) || shares(a.targetCategoryIds, b.targetCategoryIds)) return true;
  const aProductsOnly = a.targetCategoryIds.length === 0;
  const bProductsOnly = b.targetCategoryIds.length === 0;
  const aCategoriesOnly = a.targetProductIds.length === 0;
  const bCategoriesOnly = b.targetProductIds.length === 0;
  // Products on one side and categories on the other: a product may belong to the category.
  return !(aProductsOnly && bProductsOnly) && !(aCategoriesOnly && bCategoriesOnly);
}

export function windowsOverlap(a: Pick<ConflictTerms, 'startsAt' | 'endsAt'>, b: typeof a): boolean {
  const aEndsAfterBStarts = a.endsAt === null || a.endsAt > b.startsAt;
  const bEndsAfterAStarts = b.endsAt === null || b.endsAt > a.startsAt;
  return aEndsAfterBStarts && bEndsAfterAStarts;
}

/** The saved promotions (other than the candidate itself) the candidate conflicts with, by id. */
export function conflictsOf<T extends ConflictTerms>(candidate: ConflictTerms, saved: readonly T[], at: Date): T[] {
  if (candidate.exclusivityGroup === null) return [];
  return saved
    .filter(
      (other) =>
        other.id !== candidate.id &&
        (other.endsAt === null || other.endsAt > at) &&
        other.exclusivityGroup === candidate.exclusivityGroup &&
        other.priority === candidate.priority &&
        windowsOverlap(candidate, other) &&
        targetsMayOverlap(candidate, other),
    )
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
