import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Tokens the shop hands out instead of an account: a guest's link to their order, and the claim
 * a customer receives by e-mail to attach the guest orders of that address. Each names what it
 * opens (`purpose`, `subject`) and when it stops opening it, and is signed with HMAC-SHA256 under
 * ORDER_LINK_SECRET, so nothing about it is stored and a changed byte, another purpose or a
 * passed expiry is refused. Format: `<base64url JSON claims>.<base64url MAC>`.
 */
export type LinkPurpose = 'guest-order' | 'guest-order-claim';

interface LinkClaims {
  /** What the token opens. */
  p: LinkPurpose;
  /** The order id, or `<customer id> <e-mail>` for a claim. */
  s: string;
  /** Expiry, unix seconds. */
  e: number;
}

const mac = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest();

export function signLink(secret: string, purpose: LinkPurpose, subject: string, expiresAt: Date): string {
  const claims: LinkClaims = { p: purpose, s: subject, e: Math.floor(expiresAt.getTime() / 1000) };
  const body = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
  return `${body}.${mac(secret, body).toString('base64url')}`;
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{1,2048}\.[A-Za-z0-9_-]{43}$/;

/**
 * The subject of a genuine, unexpired token of this purpose; null for anything else. The MAC is
 * compared in constant time before the claims are even parsed.
 */
export function verifyLink(secret: string, purpose: LinkPurpose, token: string, now: Date): string | null {
  if (!TOKEN_SHAPE.test(token)) return null;
  const [body = '', signature = ''] = token.split('.');
  const presented = Buffer.from(signature, 'base64url');
  const expected = mac(secret, body);
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return null;
  let claims: Partial<LinkClaims>;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<LinkClaims>;
  } catch {
    return null;
  }
  if (claims.p !== purpose || typeof claims.s !== 'string' || typeof claims.e !== 'number') return null;
  if (claims.e * 1000 <= now.getTime()) return null;
  return claims.s;
}
