import type { SubgraphName } from '../../shared/services.js';
import { executeGraphQL, type JsonTransport } from './graphql-client.js';
import {
  type Availability,
  type Money,
  type PageInfo,
  PRODUCT_PAGE_VARIABLES,
  type ProductCard,
  type ProductPageData,
  type Rating,
} from './product-page.js';

/*
 * Scenario B: a client doing the gateway's work itself. The operations below are the fetches of
 * the gateway's query plan for PRODUCT_PAGE_QUERY (same selections, same `__typename id`
 * representations, deduplicated as the gateway does), so each subgraph does the same work as
 * behind the gateway; what differs is who plans, sends and merges.
 *
 *   Sequence(catalog, Parallel(Sequence(review, customer), warehouse, pricing))
 */

const CATALOG = `query ProductPage__catalog__0($first:Int!$category:String){products(first:$first categorySlug:$category){edges{node{__typename id sku name category{slug name}}}pageInfo{hasNextPage endCursor}}}`;
const REVIEW = `query ProductPage__review__1($representations:[_Any!]!){_entities(representations:$representations){...on Product{rating{average count}reviews(first:2){edges{node{rating title author{__typename id}}}}}}}`;
const CUSTOMER = `query ProductPage__customer__2($representations:[_Any!]!){_entities(representations:$representations){...on Customer{name}}}`;
const WAREHOUSE = `query ProductPage__warehouse__3($representations:[_Any!]!){_entities(representations:$representations){...on Product{availability{status quantityAvailable}}}}`;
const PRICING = `query ProductPage__pricing__4($representations:[_Any!]!$currency:String!){_entities(representations:$representations){...on Product{price(currency:$currency){amount currency}}}}`;

interface CatalogProduct {
  id: string;
  sku: string;
  name: string;
  category: { slug: string; name: string };
}

interface ProductReviews {
  rating: Rating;
  reviews: { edges: { node: { rating: number; title: string; author: { id: string } } }[] };
}

type Representation = { __typename: string; id: string };
type Entities<T> = { _entities: (T | null)[] };

/** An item the plan guarantees (lists are as long as the representations sent); throws otherwise. */
function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`Missing ${what} in a subgraph answer`);
  return value;
}

/** The subgraphs scenario B talks to, by name. */
export type DirectUrls = Pick<
  Record<SubgraphName, string>,
  'catalog' | 'pricing' | 'warehouse' | 'review' | 'customer'
>;

/** One `_entities` fetch; a missing entity is an error, as the page could not be rendered. */
async function fetchEntities<T>(
  transport: JsonTransport,
  url: string,
  operationName: string,
  query: string,
  representations: Representation[],
  variables: Record<string, unknown> = {},
): Promise<T[]> {
  const data = await executeGraphQL<Entities<T>>(transport, url, {
    query,
    operationName,
    variables: { representations, ...variables },
  });
  return representations.map((representation, index) => {
    const entity = data._entities[index];
    if (!entity) throw new Error(`${url} resolved no ${representation.__typename} ${representation.id}`);
    return entity;
  });
}

/** Author names by id: each author is asked for once, however many reviews they wrote. */
async function fetchAuthorNames(
  transport: JsonTransport,
  url: string,
  reviews: ProductReviews[],
): Promise<Map<string, string>> {
  const ids = [...new Set(reviews.flatMap((product) => product.reviews.edges.map((edge) => edge.node.author.id)))];
  if (ids.length === 0) return new Map();
  const representations = ids.map((id) => ({ __typename: 'Customer', id }));
  const customers = await fetchEntities<{ name: string }>(
    transport,
    url,
    'ProductPage__customer__2',
    CUSTOMER,
    representations,
  );
  return new Map(ids.map((id, index) => [id, must(customers[index], `customer ${id}`).name]));
}

/** One "request" of scenario B: the whole plan, merged into the gateway's response shape. */
export async function fetchProductPageDirect(transport: JsonTransport, urls: DirectUrls): Promise<ProductPageData> {
  const { first, category, currency } = PRODUCT_PAGE_VARIABLES;
  const catalog = await executeGraphQL<{
    products: { edges: { node: CatalogProduct & { __typename: string } }[]; pageInfo: PageInfo };
  }>(transport, urls.catalog, {
    query: CATALOG,
    operationName: 'ProductPage__catalog__0',
    variables: { first, category },
  });

  const products = catalog.products.edges.map((edge) => edge.node);
  const representations = products.map((product) => ({ __typename: product.__typename, id: product.id }));
  const [reviewed, availability, prices] = await Promise.all([
    fetchEntities<ProductReviews>(transport, urls.review, 'ProductPage__review__1', REVIEW, representations).then(
      async (reviews) => ({ reviews, authors: await fetchAuthorNames(transport, urls.customer, reviews) }),
    ),
    fetchEntities<{ availability: Availability }>(
      transport,
      urls.warehouse,
      'ProductPage__warehouse__3',
      WAREHOUSE,
      representations,
    ),
    fetchEntities<{ price: Money | null }>(
      transport,
      urls.pricing,
      'ProductPage__pricing__4',
      PRICING,
      representations,
      {
        currency,
      },
    ),
  ]);

  const edges = products.map((product, index): { node: ProductCard } => {
    const reviews = must(reviewed.reviews[index], `reviews of ${product.id}`);
    return {
      node: {
        id: product.id,
        sku: product.sku,
        name: product.name,
        category: product.category,
        price: must(prices[index], `price of ${product.id}`).price,
        availability: must(availability[index], `availability of ${product.id}`).availability,
        rating: reviews.rating,
        reviews: {
          edges: reviews.reviews.edges.map(({ node }) => ({
            node: {
              rating: node.rating,
              title: node.title,
              author: { name: must(reviewed.authors.get(node.author.id), `author ${node.author.id}`) },
            },
          })),
        },
      },
    };
  });
  return { products: { edges, pageInfo: catalog.products.pageInfo } };
}
