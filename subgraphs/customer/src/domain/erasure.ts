import { ERASED_NAME } from '../../../../shared/events/customer-events.js';

/**
 * What an erased customer's record holds instead of their personal fields. The e-mail column is
 * unique and required, so it gets an address no one can own (`.invalid` is reserved, RFC 2606)
 * naming only the customer's id: the real address is free to register again.
 */
export function anonymisedProfile(customerId: string) {
  return {
    email: `erased-${customerId.toLowerCase()}@erased.invalid`,
    name: ERASED_NAME,
    phone: null,
    passwordHash: null,
  } as const;
}

/** What the request id of an erased customer's consent history reads as (see the migration's trigger). */
export const ERASED_REQUEST_ID = 'erased';

/** An address audit row keeps which fields changed, not their values. */
export function anonymisedAuditChanges(changes: unknown): Record<string, { erased: true }> {
  if (changes === null || typeof changes !== 'object' || Array.isArray(changes)) return {};
  return Object.fromEntries(Object.keys(changes).map((field) => [field, { erased: true as const }]));
}

export type ErasureRequest =
  | { by: 'customer'; customerId: string; password: string }
  | { by: 'admin'; customerId: string };

/**
 * Who may erase whom: a customer themselves, confirming with their password; an admin naming the
 * customer. A customer naming anyone else is answered as if that customer did not exist.
 */
export function erasureRequest(
  caller: { customerId: string | null; isAdmin: boolean },
  args: { customerId?: string | null; password?: string | null },
):
  | { ok: true; request: ErasureRequest }
  | { ok: false; error: 'PASSWORD_REQUIRED' | 'CUSTOMER_ID_REQUIRED' | 'NOT_FOUND' } {
  if (caller.isAdmin) {
    if (args.customerId == null) return { ok: false, error: 'CUSTOMER_ID_REQUIRED' };
    return { ok: true, request: { by: 'admin', customerId: args.customerId } };
  }
  if (caller.customerId === null) return { ok: false, error: 'NOT_FOUND' };
  if (args.customerId != null && args.customerId !== caller.customerId) return { ok: false, error: 'NOT_FOUND' };
  if (args.password == null || args.password === '') return { ok: false, error: 'PASSWORD_REQUIRED' };
  return { ok: true, request: { by: 'customer', customerId: caller.customerId, password: args.password } };
}
