/**
 * What would make placeOrder refuse a cart now, found before the shopper asks: each code is one
 * of placeOrder's refusals (checkout/place-order.ts), so a storefront can warn with the same
 * words. Pure: the order subgraph gathers the facts from catalog, warehouse and pricing.
 */
export type CartProblemCode = 'EMPTY_CART' | 'NOT_ON_SALE' | 'UNPRICED' | 'OUT_OF_STOCK' | 'INSUFFICIENT_STOCK';

export interface LineProblem {
  code: CartProblemCode;
  message: string;
  /** Units that can be ordered now, for the stock problems; null otherwise. */
  quantityAvailable: number | null;
}

export interface CartProblem extends LineProblem {
  /** Null for a problem of the whole cart. */
  productId: string | null;
}

export interface CartFacts {
  currency: string;
  lines: readonly { productId: string; quantity: number }[];
  /** Catalog status of each product it knows; a product it does not know is not on sale. */
  productStatus: ReadonlyMap<string, string>;
  /** Units that can be ordered now; a product the warehouse does not report has none. */
  availableUnits: ReadonlyMap<string, number>;
  /** Products with a price in the cart's currency (their own or converted). */
  pricedProductIds: ReadonlySet<string>;
}

export interface CartProblems {
  /** Every line's problems, by product id: an empty list for a line that can be ordered. */
  byProduct: Map<string, LineProblem[]>;
  /** The lines' problems in line order, each with its product, then the cart's own. */
  all: CartProblem[];
}

/** The problems of each line, in the order placeOrder checks them: on sale, priced, in stock. */
function lineProblems(facts: CartFacts, line: { productId: string; quantity: number }): LineProblem[] {
  const problems: LineProblem[] = [];
  if (facts.productStatus.get(line.productId) !== 'ACTIVE') {
    problems.push({ code: 'NOT_ON_SALE', message: 'This product is no longer on sale', quantityAvailable: null });
  }
  if (!facts.pricedProductIds.has(line.productId)) {
    problems.push({
      code: 'UNPRICED',
      message: `This product has no price in ${facts.currency}`,
      quantityAvailable: null,
    });
  }
  const available = facts.availableUnits.get(line.productId) ?? 0;
  if (available === 0) {
    problems.push({ code: 'OUT_OF_STOCK', message: 'This product is out of stock', quantityAvailable: 0 });
  } else if (available < line.quantity) {
    problems.push({
      code: 'INSUFFICIENT_STOCK',
      message: `Only ${available} of the ${line.quantity} units can be ordered now`,
      quantityAvailable: available,
    });
  }
  return problems;
}

export function cartProblems(facts: CartFacts): CartProblems {
  const byProduct = new Map(facts.lines.map((line) => [line.productId, lineProblems(facts, line)]));
  const all: CartProblem[] = facts.lines.flatMap((line) =>
    (byProduct.get(line.productId) ?? []).map((problem) => ({ ...problem, productId: line.productId })),
  );
  if (facts.lines.length === 0) {
    all.push({ code: 'EMPTY_CART', productId: null, message: 'The cart is empty', quantityAvailable: null });
  }
  return { byProduct, all };
}
