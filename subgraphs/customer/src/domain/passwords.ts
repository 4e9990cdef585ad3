import { hash, verify } from '@node-rs/argon2';

// Algorithm.Argon2id; the package's const enum cannot be imported under isolatedModules.
const ARGON2ID = 2;

/**
 * Argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): memory-hard, so a
 * stolen hash cannot be cracked cheaply on GPUs. Parameters travel in the PHC string, so they
 * can be raised later without invalidating existing hashes.
 */
const PARAMETERS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PARAMETERS);
}

// Verified against when the account does not exist, so an unknown e-mail costs as much time as a
// wrong password and response times do not reveal who has an account.
const NO_ACCOUNT_HASH = hash('no account has this password', PARAMETERS);

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  try {
    const matches = await verify(passwordHash ?? (await NO_ACCOUNT_HASH), password);
    return passwordHash !== null && matches;
  } catch {
    return false;
  }
}
