import type { ServiceClient } from '../../../../shared/service-client.js';

/** Whether a product is on sale now, as the catalog says; unknown products are not. */
export type IsProductOnSale = (productId: string) => Promise<boolean>;

const PRODUCT_STATUS = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Product { id status } }
}`;

/**
 * Asks the catalog at the moment a review is written, never a copy kept here: a product
 * archived a second ago takes no new reviews, and an unknown id is refused rather than stored.
 */
export function productOnSaleFrom(catalog: ServiceClient, requestId?: string): IsProductOnSale {
  return async (productId) => {
    const data = await catalog<{ _entities: ({ id: string; status: string } | null)[] }>({
      query: PRODUCT_STATUS,
      variables: { representations: [{ __typename: 'Product', id: productId }] },
      requestId,
    });
    return data._entities[0]?.status === 'ACTIVE';
  };
}
