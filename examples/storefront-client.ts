import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { ApolloClient, ApolloLink, CombinedGraphQLErrors, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { relayStylePagination } from '@apollo/client/utilities';

/**
 * A storefront's shopper, end to end, on Apollo Client 4 through the gateway: browse, search,
 * fill a guest cart, register with that cart merged, give an address, place the order and
 * follow its status. Run it against `npm start`: `npx tsx examples/storefront-client.ts`
 * (GATEWAY_URL overrides http://localhost:4000/graphql).
 */

// --- client setup (the README's "For frontend teams" excerpt starts here) ---
export function storefrontClient(gatewayUrl: string, session: { accessToken: string | null }) {
  // The access token of register/signIn goes on every request once the shopper has one.
  const auth = new SetContextLink(({ headers }) => ({
    headers: session.accessToken ? { ...headers, authorization: `Bearer ${session.accessToken}` } : headers,
  }));
  return new ApolloClient({
    link: ApolloLink.from([auth, new HttpLink({ uri: gatewayUrl })]),
    cache: new InMemoryCache({
      typePolicies: {
        // Entities are one object each in the cache, whichever query or mutation brought them.
        Product: { keyFields: ['id'] },
        Cart: { keyFields: ['id'] },
        Order: { keyFields: ['id'] },
        Customer: { keyFields: ['id'] },
        Query: {
          fields: {
            // Pages of one listing (same category and search) are merged into one list.
            products: relayStylePagination(['categorySlug', 'search']),
          },
        },
      },
    }),
  });
}

/** Browsing shows what did arrive (data and errors side by side) when one part of the supergraph fails. */
export const BROWSING = { errorPolicy: 'all' } as const;
/** A change either did what it says or throws: nothing half-done is shown as done. */
export const CHANGING = { errorPolicy: 'none' } as const;
// --- client setup ends ---

export const PRODUCTS = gql`
  query Products($first: Int, $after: String, $search: String) {
    products(first: $first, after: $after, search: $search) {
      edges { cursor node { id sku name } }
      pageInfo { hasNextPage endCursor }
      totalCount
    }
  }
`;

const CREATE_CART = gql`
  mutation CreateCart { createCart(currency: "EUR") { cart { id itemCount } cartToken } }
`;

const ADD_LINE = gql`
  mutation AddLine($input: CartLineInput!) { addCartLine(input: $input) { id itemCount } }
`;

const REGISTER = gql`
  mutation Register($input: RegisterInput!, $guestCart: GuestCartInput) {
    register(input: $input, guestCart: $guestCart) {
      accessToken
      guestCartMerged
      customer { id cart { id itemCount lines { quantity product { id } } } }
    }
  }
`;

const ADD_ADDRESS = gql`
  mutation AddAddress($input: AddressInput!) { addAddress(input: $input) { id } }
`;

const PLACE_ORDER = gql`
  mutation PlaceOrder($input: PlaceOrderInput!) {
    placeOrder(input: $input) { id status total { amount currency } }
  }
`;

const ORDER_STATUS = gql`
  query OrderStatus($id: ID!) { order(id: $id) { id status } }
`;

interface ProductPage {
  products: {
    edges: { cursor: string; node: { id: string; sku: string; name: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    totalCount: number;
  };
}

export interface PlacedOrder {
  id: string;
  status: string;
  total: { amount: string; currency: string };
}

export interface StorefrontJourneyOptions {
  gatewayUrl: string;
  /** What the shopper types in the search box. */
  searchText?: string;
  /** Products per browsed page. */
  pageSize?: number;
  /** Called once the order is placed (e.g. when the shopper pays it). */
  onOrderPlaced?: (order: PlacedOrder) => Promise<void>;
  /** The status the journey waits for; it stops following earlier when it is reached. */
  awaitStatus?: string;
  /** How long to follow the order's status, in milliseconds. */
  followForMs?: number;
}

export interface StorefrontJourney {
  client: ApolloClient;
  browsed: { id: string; name: string }[];
  found: { id: string; sku: string; name: string }[];
  guestCartId: string;
  customerId: string;
  customerCartId: string;
  guestCartMerged: boolean;
  order: PlacedOrder;
  /** Every distinct status read while following the order, oldest first. */
  statuses: string[];
  /** The code of the error an unknown product in the cart got. */
  refusedCode: string | null;
}

/** The `extensions.code` of a mutation's GraphQL error, or the error itself when it is something else. */
async function refusal(attempt: () => Promise<unknown>): Promise<string | null> {
  try {
    await attempt();
    return null;
  } catch (error) {
    if (CombinedGraphQLErrors.is(error)) return String(error.errors[0]?.extensions?.code ?? 'UNKNOWN');
    throw error;
  }
}

function required<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`${what} answered nothing`);
  return value;
}

export async function runStorefrontJourney(options: StorefrontJourneyOptions): Promise<StorefrontJourney> {
  const session = { accessToken: null as string | null };
  const client = storefrontClient(options.gatewayUrl, session);
  const pageSize = options.pageSize ?? 3;

  // Browse two pages; the second is fetched from the network and merged into the first.
  const first = await client.query<ProductPage>({ ...BROWSING, query: PRODUCTS, variables: { first: pageSize } });
  const endCursor = required(first.data, 'products').products.pageInfo.endCursor;
  await client.query<ProductPage>({
    ...BROWSING,
    query: PRODUCTS,
    variables: { first: pageSize, after: endCursor },
    fetchPolicy: 'network-only',
  });
  const merged = client.readQuery<ProductPage>({ query: PRODUCTS, variables: { first: pageSize } });
  const browsed = required(merged, 'the cached listing').products.edges.map(({ node }) => node);

  const searched = await client.query<ProductPage>({
    ...BROWSING,
    query: PRODUCTS,
    variables: { first: 5, search: options.searchText ?? 'tea' },
  });
  const found = required(searched.data, 'search').products.edges.map(({ node }) => node);
  const chosen = required(found[0], 'search');

  const guest = required(
    (
      await client.mutate<{ createCart: { cart: { id: string }; cartToken: string } }>({
        ...CHANGING,
        mutation: CREATE_CART,
      })
    ).data,
    'createCart',
  ).createCart;
  await client.mutate({
    ...CHANGING,
    mutation: ADD_LINE,
    variables: { input: { cartId: guest.cart.id, productId: chosen.id, quantity: 2, cartToken: guest.cartToken } },
  });
  // A product id nobody sells (well-formed, unknown): the API refuses it and the cart is unchanged.
  const refusedCode = await refusal(() =>
    client.mutate({
      ...CHANGING,
      mutation: ADD_LINE,
      variables: {
        input: {
          cartId: guest.cart.id,
          productId: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
          quantity: 1,
          cartToken: guest.cartToken,
        },
      },
    }),
  );

  const registered = required(
    (
      await client.mutate<{
        register: { accessToken: string; guestCartMerged: boolean; customer: { id: string; cart: { id: string } } };
      }>({
        ...CHANGING,
        mutation: REGISTER,
        variables: {
          input: {
            email: `shopper-${randomUUID()}@example.com`,
            password: 'a storefront passphrase',
            name: 'Store Front',
          },
          guestCart: { id: guest.cart.id, token: guest.cartToken },
        },
      })
    ).data,
    'register',
  ).register;
  session.accessToken = registered.accessToken;

  const address = required(
    (
      await client.mutate<{ addAddress: { id: string } }>({
        ...CHANGING,
        mutation: ADD_ADDRESS,
        variables: {
          input: {
            label: 'Home',
            recipient: 'Store Front',
            line1: '221B Baker Street',
            city: 'London',
            postalCode: 'NW1 6XE',
            country: 'GB',
          },
        },
      })
    ).data,
    'addAddress',
  ).addAddress;

  // The idempotency key is made once per checkout, so a retried click cannot order twice.
  const idempotencyKey = randomUUID();
  const order = required(
    (
      await client.mutate<{ placeOrder: PlacedOrder }>({
        ...CHANGING,
        mutation: PLACE_ORDER,
        variables: { input: { cartId: registered.customer.cart.id, idempotencyKey, shippingAddressId: address.id } },
      })
    ).data,
    'placeOrder',
  ).placeOrder;
  await options.onOrderPlaced?.(order);

  const statuses = [order.status];
  const deadline = Date.now() + (options.followForMs ?? 10_000);
  while (statuses.at(-1) !== options.awaitStatus && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const read = await client.query<{ order: { id: string; status: string } | null }>({
      ...BROWSING,
      query: ORDER_STATUS,
      variables: { id: order.id },
      fetchPolicy: 'network-only',
    });
    const status = read.data?.order?.status;
    if (status && status !== statuses.at(-1)) statuses.push(status);
  }

  return {
    client,
    browsed,
    found,
    guestCartId: guest.cart.id,
    customerId: registered.customer.id,
    customerCartId: registered.customer.cart.id,
    guestCartMerged: registered.guestCartMerged,
    order,
    statuses,
    refusedCode,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const journey = await runStorefrontJourney({
    gatewayUrl: process.env.GATEWAY_URL ?? 'http://localhost:4000/graphql',
    followForMs: 5_000,
  });
  const { client, ...summary } = journey;
  console.log(JSON.stringify(summary, null, 2));
  client.stop();
}
