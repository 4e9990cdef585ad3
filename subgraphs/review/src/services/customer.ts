import type { ServiceClient } from '../../../../shared/service-client.js';

/** When the customer's account was created, as the customer subgraph says; null when unknown. */
export type AskCustomerSince = (customerId: string) => Promise<Date | null>;

const CUSTOMER_SINCE = `query($customerId: ID!) { customerSince(customerId: $customerId) }`;

/** Asked only when the shop sets a minimum account age (REVIEW_MIN_ACCOUNT_AGE_DAYS). */
export function customerSinceFrom(customer: ServiceClient, requestId?: string): AskCustomerSince {
  return async (customerId) => {
    const data = await customer<{ customerSince: string | null }>({
      query: CUSTOMER_SINCE,
      variables: { customerId },
      requestId,
    });
    return data.customerSince === null ? null : new Date(data.customerSince);
  };
}
