import type { Identity } from './identity.js';

/**
 * Who made a change, as every audit column and `actor`/`author` field writes it:
 *
 * - `customer:<id>`: a signed-in customer, acting for themselves;
 * - `staff:<id>`: a staff user (any staff role), by the token's subject;
 * - `system:<name>`: the shop itself. `<name>` is the job (`system:order-expiry`), the handler of
 *   an outside notification (`system:payment-webhook`), the consumer of an event
 *   (`system:event-OrderPaid`), or the service whose `service` token made the call
 *   (`system:order` when checkout reserves stock).
 *
 * A service call records the service, not the customer it works for: the customer is on the
 * order itself, and the movement's correlation id names the order.
 *
 * The databases hold the same pattern as a CHECK constraint, so no other shape can be written.
 */
export const AUDIT_ACTOR_PATTERN = /^(staff|customer|system):[A-Za-z0-9._:-]+$/;

export type AuditActor = `${'staff' | 'customer' | 'system'}:${string}`;

const SAFE = /^[A-Za-z0-9._:-]+$/;

/**
 * Keeps an id inside the pattern. Our own tokens' subjects (ULIDs, `service:<name>`) already
 * are; a subject from an outside identity provider (`auth0|42`) is percent-encoded with `.`
 * standing for `%`, so it stays readable and two subjects never share an actor.
 */
function safeId(id: string): string {
  if (id.length === 0) throw new Error('An audit actor needs an id');
  if (SAFE.test(id) && !id.includes('.')) return id;
  return encodeURIComponent(id)
    .replace(/[!'()*~.]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`)
    .replaceAll('%', '.');
}

export function customerActor(customerId: string): AuditActor {
  return `customer:${safeId(customerId)}`;
}

export function staffActor(subject: string): AuditActor {
  return `staff:${safeId(subject)}`;
}

/** The shop itself: `name` is the job, webhook, event handler or service that acted. */
export function systemActor(name: string): AuditActor {
  return `system:${safeId(name)}`;
}

/** The consumer of an event, e.g. `system:event-OrderPaid`. */
export function eventHandlerActor(eventType: string): AuditActor {
  return systemActor(`event-${eventType}`);
}

const SERVICE_SUBJECT_PREFIX = 'service:';

/**
 * The actor of a verified caller: a customer as `customer:<id>`, a `service` token as
 * `system:<service>`, anyone else with a role as `staff:<id>`. Anonymous callers change nothing
 * that is audited, so asking for theirs is a programming error.
 */
export function actorOf(identity: Identity): AuditActor {
  const { subject, roles } = identity;
  if (subject === null) throw new Error('An anonymous caller has no audit actor');
  if (roles.includes('customer')) return customerActor(subject);
  if (roles.includes('service')) {
    return systemActor(
      subject.startsWith(SERVICE_SUBJECT_PREFIX) ? subject.slice(SERVICE_SUBJECT_PREFIX.length) : subject,
    );
  }
  return staffActor(subject);
}
