/**
 * Who a promotion use counts against, for `per_customer_limit`: the customer's id and the
 * orderer's e-mail as `email:<e-mail>`, each one a row of promotion_customer_usage. A customer's
 * use counts under both, a guest's under the e-mail alone, so the guest orders of an e-mail and
 * the orders of the customer who registers with it share one limit, and a customer who changes
 * their e-mail keeps the uses of their account. Every key must be under the limit for a use to be
 * taken. Customer ids are ULIDs: they never start with `email:`.
 */
export function usageKeys(orderer: { customerId: string | null; email: string | null }): string[] {
  const keys: string[] = [];
  if (orderer.customerId !== null) keys.push(orderer.customerId);
  if (orderer.email !== null) keys.push(`email:${orderer.email}`);
  return keys;
}
