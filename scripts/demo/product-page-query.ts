/** The query a product listing page sends: catalog, pricing, warehouse and review in one response. */
export const PRODUCT_PAGE_QUERY = /* GraphQL */ `
  query ProductPage($first: Int!, $category: String, $currency: String!) {
    products(first: $first, categorySlug: $category) {
      edges {
        node {
          id
          sku
          name
          category { slug name }
          price(currency: $currency) { amount currency }
          availability { status quantityAvailable }
          rating { average count }
          reviews(first: 2) { edges { node { rating title author { name } } } }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;
