import { generateSecret, generateURI, verify } from 'otplib';

/** RFC 6238 defaults, which every authenticator app understands: SHA-1, 6 digits, 30-second steps. */
export const TOTP_PERIOD_SECONDS = 30;

/**
 * One step either side of now: a phone clock a little off, or a code typed as it rolled over,
 * still works; a wider window only gives a stolen code longer to be used.
 */
export const TOTP_TOLERANCE_SECONDS = TOTP_PERIOD_SECONDS;

const CODE = /^\d{6}$/;

export const TOTP_ISSUER = 'Order Flow back office';

export function newTotpSecret(): string {
  return generateSecret();
}

/** The otpauth:// URI an authenticator app reads (usually as a QR code). */
export function totpUri(secret: string, email: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: email, secret });
}

export type TotpCheck = { ok: true; step: number } | { ok: false };

/**
 * Whether `code` is the secret's code for a time step around `nowSeconds` that is later than
 * `lastAcceptedStep`. Refusing every step up to the last accepted one makes each code (and any
 * older one) usable once: a code seen over a shoulder or in a log cannot sign in again. The step
 * returned must be stored as the new last accepted step, conditionally (see acceptTotpStep).
 */
export async function checkTotpCode(
  secret: string,
  code: string,
  nowSeconds: number,
  lastAcceptedStep: number | null,
): Promise<TotpCheck> {
  if (!CODE.test(code)) return { ok: false };
  const newestStep = Math.floor((nowSeconds + TOTP_TOLERANCE_SECONDS) / TOTP_PERIOD_SECONDS);
  // Every step of the window has been used already (otplib would throw rather than answer).
  if (lastAcceptedStep !== null && lastAcceptedStep >= newestStep) return { ok: false };
  try {
    const result = await verify({
      secret,
      token: code,
      epoch: nowSeconds,
      period: TOTP_PERIOD_SECONDS,
      epochTolerance: TOTP_TOLERANCE_SECONDS,
      ...(lastAcceptedStep === null ? {} : { afterTimeStep: lastAcceptedStep }),
    });
    // delta is the matched step's distance from now's step (the result type also covers HOTP, without timeStep).
    return result.valid
      ? { ok: true, step: Math.floor(nowSeconds / TOTP_PERIOD_SECONDS) + result.delta }
      : { ok: false };
  } catch {
    return { ok: false };
  }
}
