import { newId } from '../../../../shared/ids.js';
import {
  createRefreshToken,
  familyExpiry,
  hashRefreshToken,
  type RevocationReason,
  type SessionLifetime,
  tokenExpiry,
} from '../domain/refresh-tokens.js';
import type { Prisma, RefreshToken } from '../generated/prisma/client.js';
import type { CustomerDatabase } from './database.js';

/** A refresh token as the client gets it: shown once, never stored. */
export interface IssuedRefreshToken {
  token: string;
  expiresAt: Date;
}

type Writer = CustomerDatabase | Prisma.TransactionClient;

async function insertToken(
  db: Writer,
  row: { id: string; familyId: string; customerId: string; familyExpiresAt: Date },
  now: Date,
  lifetime: SessionLifetime,
): Promise<IssuedRefreshToken> {
  const token = createRefreshToken();
  const expiresAt = tokenExpiry(now, row.familyExpiresAt, lifetime);
  await db.refreshToken.create({
    data: { ...row, tokenHash: hashRefreshToken(token), createdAt: now, expiresAt },
  });
  return { token, expiresAt };
}

/** A new family: the first refresh token of a sign-in. */
export function startSession(
  db: Writer,
  customerId: string,
  now: Date,
  lifetime: SessionLifetime,
): Promise<IssuedRefreshToken> {
  return insertToken(
    db,
    { id: newId(), familyId: newId(), customerId, familyExpiresAt: familyExpiry(now, lifetime) },
    now,
    lifetime,
  );
}

export function findRefreshToken(db: CustomerDatabase, token: string): Promise<RefreshToken | null> {
  return db.refreshToken.findUnique({ where: { tokenHash: hashRefreshToken(token) } });
}

/**
 * Keeps "a refresh token works once": the presented token is marked used, on condition that it
 * still is unused and unrevoked, in the same transaction that adds its successor. Two refreshes
 * racing with one token both pass the read, but the second UPDATE waits for the first's row lock,
 * then finds the token used and changes nothing: null, and the caller treats it as reuse.
 */
export async function rotateRefreshToken(
  db: CustomerDatabase,
  current: RefreshToken,
  now: Date,
  lifetime: SessionLifetime,
): Promise<IssuedRefreshToken | null> {
  return db.$transaction(async (tx) => {
    const successorId = newId();
    const { count } = await tx.refreshToken.updateMany({
      where: { id: current.id, usedAt: null, revokedAt: null },
      data: { usedAt: now, replacedById: successorId },
    });
    if (count !== 1) return null;
    return insertToken(
      tx,
      {
        id: successorId,
        familyId: current.familyId,
        customerId: current.customerId,
        familyExpiresAt: current.familyExpiresAt,
      },
      now,
      lifetime,
    );
  });
}

/** Ends every token of one sign-in; tokens already revoked keep their first reason. */
export async function revokeFamily(db: Writer, familyId: string, reason: RevocationReason, now: Date): Promise<number> {
  const { count } = await db.refreshToken.updateMany({
    where: { familyId, revokedAt: null },
    data: { revokedAt: now, revokedReason: reason },
  });
  return count;
}

/**
 * A new password hash, every session of the customer ended, and a new session for the caller,
 * in one transaction: no token issued before the change survives it.
 */
export async function changePasswordAndRestartSessions(
  db: CustomerDatabase,
  customerId: string,
  passwordHash: string,
  now: Date,
  lifetime: SessionLifetime,
): Promise<IssuedRefreshToken> {
  return db.$transaction(async (tx) => {
    await tx.customer.update({ where: { id: customerId }, data: { passwordHash } });
    await tx.refreshToken.updateMany({
      where: { customerId, revokedAt: null },
      data: { revokedAt: now, revokedReason: 'PASSWORD_CHANGED' satisfies RevocationReason },
    });
    return startSession(tx, customerId, now, lifetime);
  });
}

/**
 * One batch of refresh tokens of sign-ins that ended (their family's absolute end, copied to every
 * token of it) before `before`. No token of such a family can be accepted any more, whether used,
 * revoked or not, so reuse detection has nothing left to guard; a token of a family still running
 * is never deleted, however old, since presenting a used one must still revoke its family.
 */
export function deleteEndedRefreshTokens(db: CustomerDatabase, before: Date): (limit: number) => Promise<number> {
  return (limit) => db.$executeRaw`
    WITH batch AS MATERIALIZED (
      SELECT t.id FROM refresh_token t WHERE t.family_expires_at < ${before}
      ORDER BY t.family_expires_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    DELETE FROM refresh_token USING batch
    WHERE refresh_token.id = batch.id AND refresh_token.family_expires_at < ${before}`;
}
