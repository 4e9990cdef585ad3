import type { ServiceClient } from '../../../../shared/service-client.js';

/** A customer's segments as the customer subgraph reads them now; an unknown customer is in none. */
export type AskCustomerSegments = (customerId: string) => Promise<ReadonlySet<string>>;

const CUSTOMER_SEGMENTS = `query($customerId: ID!) { customerSegments(customerId: $customerId) }`;

/**
 * Asks the customer subgraph at the moment a promotion is judged, never from a copy kept here:
 * its answer reflects the last committed change of what the segments are computed from.
 */
export function customerSegmentsFrom(customer: ServiceClient, requestId?: string): AskCustomerSegments {
  return async (customerId) => {
    const data = await customer<{ customerSegments: string[] | null }>({
      query: CUSTOMER_SEGMENTS,
      variables: { customerId },
      requestId,
    });
    return new Set(data.customerSegments ?? []);
  };
}
