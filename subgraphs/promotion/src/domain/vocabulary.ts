/** Names the promotion subgraph shares with its neighbours, used by its input and rule checks alike. */

/** The customer subgraph's segments (its CustomerSegment enum) a promotion may be limited to or test. */
export const CUSTOMER_SEGMENTS = ['NEW', 'RETURNING', 'VIP', 'MARKETING_REACHABLE'] as const;

/** The shop's sales channels (the GraphQL SalesChannel), as a cart reports them. */
export const SALES_CHANNELS = ['WEB', 'MOBILE_APP', 'STORE', 'MARKETPLACE'] as const;
export type SalesChannel = (typeof SALES_CHANNELS)[number];
