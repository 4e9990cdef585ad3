import { describe, expect, it } from 'vitest';
import { demoPriceOf, entitiesOf, must, representation, shop } from '../../support/entities.js';
import { freshProductId, setPrice } from './pricing-support.js';

interface Money {
  amount: string;
  currency: string;
}

interface Priced {
  id: string;
  eur: Money | null;
  usd: Money | null;
  byDefault: Money | null;
}

// Every demo product has its own EUR and USD price: nothing here is converted (the rates of this
// stack change under other suites; conversion is tested in a stack of its own).
const SELECTION = `... on Product { id
  eur: price(currency: "EUR") { amount currency }
  usd: price(currency: "USD") { amount currency }
  byDefault: price { amount currency }
}`;

const priced = async (ids: string[], selection = SELECTION) =>
  (
    await entitiesOf<Priced & { gbp: Money | null; jpy: Money | null }>(
      'pricing',
      selection,
      ids.map((id) => representation('Product', id)),
    )
  ).map((entity, i) => must(entity, `product ${ids[i]}`));

describe('pricing: Product.price', () => {
  it('answers every demo product’s own price in EUR, USD and GBP exactly as listed', async () => {
    const ids = shop.products.map((p) => p.id);
    const entities = await priced(ids);
    expect(entities.map(({ id, eur, usd }) => ({ id, eur, usd }))).toEqual(
      ids.map((id) => ({ id, eur: demoPriceOf(id, 'EUR'), usd: demoPriceOf(id, 'USD') })),
    );
    const inPounds = ids.filter((id) => demoPriceOf(id, 'GBP'));
    expect(inPounds.length).toBeGreaterThan(0);
    const pounds = await priced(inPounds, '... on Product { gbp: price(currency: "GBP") { amount currency } }');
    expect(pounds.map((entity) => entity.gbp)).toEqual(inPounds.map((id) => demoPriceOf(id, 'GBP')));
  });

  it('writes amounts as decimal strings with two decimals', async () => {
    const entities = await priced(shop.products.map((p) => p.id));
    const amounts = entities.flatMap((e) => [e.eur, e.usd]).flatMap((price) => (price ? [price.amount] : []));
    expect(amounts.length).toBeGreaterThan(shop.products.length);
    for (const amount of amounts) expect(amount).toMatch(/^\d+\.\d{2}$/);
  });

  it('prices in EUR when no currency is asked for', async () => {
    const entities = await priced(shop.products.slice(0, 10).map((p) => p.id));
    for (const entity of entities) expect(entity.byDefault).toEqual(entity.eur);
    expect(entities.every((entity) => entity.byDefault?.currency === 'EUR')).toBe(true);
  });

  it('answers null, not an error, in a currency a product has no price in, nor one in EUR to convert', async () => {
    const dollarsOnly = freshProductId();
    await setPrice(dollarsOnly, { currency: 'USD', amount: '3.00' });
    const [entity] = await priced(
      [dollarsOnly],
      '... on Product { id usd: price(currency: "USD") { amount currency } gbp: price(currency: "GBP") { amount currency } jpy: price(currency: "JPY") { amount currency } }',
    );
    expect(entity).toEqual({ id: dollarsOnly, usd: { amount: '3.00', currency: 'USD' }, gbp: null, jpy: null });
  });
});
