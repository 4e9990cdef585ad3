import { describe, expect, it } from 'vitest';
import { demoPriceOf, entitiesOf, must, representation, shop } from '../../support/entities.js';

interface Money {
  amount: string;
  currency: string;
}

interface Priced {
  id: string;
  eur: Money | null;
  usd: Money | null;
  gbp: Money | null;
  jpy: Money | null;
  byDefault: Money | null;
}

const SELECTION = `... on Product { id
  eur: price(currency: "EUR") { amount currency }
  usd: price(currency: "USD") { amount currency }
  gbp: price(currency: "GBP") { amount currency }
  jpy: price(currency: "JPY") { amount currency }
  byDefault: price { amount currency }
}`;

const priced = async (ids: string[]) =>
  (
    await entitiesOf<Priced>(
      'pricing',
      SELECTION,
      ids.map((id) => representation('Product', id)),
    )
  ).map((entity, i) => must(entity, `product ${ids[i]}`));

describe('pricing: Product.price', () => {
  it('answers every demo product’s price in EUR, USD and GBP exactly as listed, null where it has none', async () => {
    const ids = shop.products.map((p) => p.id);
    const entities = await priced(ids);
    expect(entities.map(({ id, eur, usd, gbp }) => ({ id, eur, usd, gbp }))).toEqual(
      ids.map((id) => ({
        id,
        eur: demoPriceOf(id, 'EUR'),
        usd: demoPriceOf(id, 'USD'),
        gbp: demoPriceOf(id, 'GBP'),
      })),
    );
  });

  it('writes amounts as decimal strings with two decimals', async () => {
    const entities = await priced(shop.products.map((p) => p.id));
    const amounts = entities.flatMap((e) => [e.eur, e.usd, e.gbp]).flatMap((price) => (price ? [price.amount] : []));
    expect(amounts.length).toBeGreaterThan(shop.products.length);
    for (const amount of amounts) expect(amount).toMatch(/^\d+\.\d{2}$/);
  });

  it('prices in EUR when no currency is asked for', async () => {
    const entities = await priced(shop.products.slice(0, 10).map((p) => p.id));
    for (const entity of entities) expect(entity.byDefault).toEqual(entity.eur);
    expect(entities.every((entity) => entity.byDefault?.currency === 'EUR')).toBe(true);
  });

  it('answers null, not an error, in GBP for a product only priced in EUR and USD', async () => {
    const product = must(
      shop.products.find((p) => demoPriceOf(p.id, 'EUR') && !demoPriceOf(p.id, 'GBP')),
      'product without a GBP price',
    );
    const [entity] = await priced([product.id]);
    expect(entity?.gbp).toBeNull();
    expect(entity?.eur).toEqual(demoPriceOf(product.id, 'EUR'));
  });

  it('answers null for a supported currency the shop has no prices in (JPY)', async () => {
    const entities = await priced(shop.products.slice(0, 5).map((p) => p.id));
    expect(entities.map((entity) => entity.jpy)).toEqual([null, null, null, null, null]);
  });
});
