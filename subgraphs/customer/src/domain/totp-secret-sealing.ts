import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * TOTP secrets are kept sealed (AES-256-GCM under STAFF_TOTP_KEY): unlike a password hash, a
 * secret read from a copy of the database would produce valid codes, so the table alone must not
 * give it away. The member's id is the associated data, so a sealed secret copied onto another
 * member's row does not open.
 */
const VERSION = 'v1';

function keyOf(secret: string): Buffer {
  return createHash('sha256').update(`staff-totp-secret:${secret}`, 'utf8').digest();
}

export function sealTotpSecret(totpSecret: string, staffId: string, key: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(key), iv);
  cipher.setAAD(Buffer.from(staffId, 'utf8'));
  const sealed = Buffer.concat([cipher.update(totpSecret, 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), sealed]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/** The secret, or null when it was sealed for another member, with another key, or was tampered with. */
export function openTotpSecret(sealed: string, staffId: string, key: string): string | null {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || data === undefined) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(key), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(staffId, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
