import DataLoader from 'dataloader';
import type { OrderLoaders } from '../data/orders.js';
import { type CartProblems, cartProblems } from '../domain/cart-problems.js';
import type { Cart } from '../generated/prisma/client.js';
import type { CatalogProductLoader } from '../services/catalog.js';
import type { OrderServices } from '../services/index.js';
import { fetchAvailableUnits } from '../services/warehouse.js';
import { type CartQuoter, perCartVersion } from './cart-pricing.js';

/** Every value of a loadMany, or its first failure: one service down fails the check, not a guess. */
function allOrThrow<T>(values: readonly (T | Error)[]): T[] {
  const failure = values.find((value): value is Error => value instanceof Error);
  if (failure) throw failure;
  return values as T[];
}

/**
 * What placeOrder would refuse in a cart now (domain/cart-problems.ts), from the catalog (is each
 * product on sale), the warehouse (units free) and pricing (the cart's quotes, shared with its
 * totals). Products of every cart checked in one request are asked of catalog and warehouse
 * together, one call each, never one per line. A service that cannot answer fails the check.
 */
export function createCartChecker(
  loaders: OrderLoaders,
  services: OrderServices,
  quoteCart: CartQuoter,
  catalogProducts: CatalogProductLoader,
  requestId: string | undefined,
) {
  const availableUnits = new DataLoader<string, number>(async (ids) => {
    const units = await fetchAvailableUnits(services.warehouse, ids, requestId);
    return ids.map((id) => units.get(id) ?? 0);
  });
  return perCartVersion(async (cart: Cart): Promise<CartProblems> => {
    const lines = await loaders.cartLinesByCartId.load(cart.id);
    const productIds = lines.map((line) => line.productId);
    const [status, units, quotes] =
      productIds.length === 0
        ? [[], [], new Map()]
        : await Promise.all([
            catalogProducts.loadMany(productIds),
            availableUnits.loadMany(productIds),
            quoteCart(cart),
          ]);
    const known = allOrThrow(status).map((product) => product?.status ?? null);
    const free = allOrThrow(units);
    return cartProblems({
      currency: cart.currency,
      lines,
      productStatus: new Map(productIds.flatMap((id, i) => (known[i] ? [[id, known[i]]] : []))),
      availableUnits: new Map(productIds.map((id, i) => [id, free[i] ?? 0])),
      pricedProductIds: new Set(quotes.keys()),
    });
  });
}

export type CartChecker = ReturnType<typeof createCartChecker>;
