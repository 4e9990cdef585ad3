import { isDeepStrictEqual } from 'node:util';
import type { ProductPageData } from './product-page.js';

export interface AgreementSummary {
  products: number;
  reviews: number;
  authors: number;
}

/** The first path at which two JSON values differ, e.g. `products.edges[3].node.price.amount`. */
function firstDifference(a: unknown, b: unknown, path: string): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}.length (${a.length} vs ${b.length})`;
    for (let i = 0; i < a.length; i++) {
      const found = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (found) return found;
    }
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const found = firstDifference(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        path ? `${path}.${key}` : key,
      );
      if (found) return found;
    }
  }
  return `${path || '(root)'}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}

/**
 * The comparison is only honest if both scenarios produce the same page: same products, prices,
 * availability, ratings, reviews and author names. Throws with the first difference otherwise,
 * and also when the page is too thin to exercise every subgraph of the plan.
 */
export function assertSamePage(viaGateway: ProductPageData, direct: ProductPageData): AgreementSummary {
  const difference = firstDifference(viaGateway, direct, '');
  if (difference) throw new Error(`Gateway and direct responses differ at ${difference} (gateway vs direct)`);

  const nodes = viaGateway.products.edges.map((edge) => edge.node);
  const reviews = nodes.flatMap((node) => node.reviews.edges);
  const summary = {
    products: nodes.length,
    reviews: reviews.length,
    authors: new Set(reviews.map((edge) => edge.node.author.name)).size,
  };
  if (summary.products === 0 || summary.reviews === 0 || !nodes.some((node) => node.price !== null)) {
    throw new Error(`The product page is too thin to compare (${JSON.stringify(summary)}): is the demo shop seeded?`);
  }
  return summary;
}
