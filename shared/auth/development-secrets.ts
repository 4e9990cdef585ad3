import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Secrets for a developer's machine: generated once (256 random bits each) into a git-ignored
 * file under the data folder, so nothing secret is ever committed and restarts keep tokens
 * valid. Never used when NODE_ENV=production: there a missing secret stops the service.
 */
export const DEVELOPMENT_SECRET_NAMES = [
  'JWT_SECRET',
  'PAYMENT_WEBHOOK_SECRET',
  'ORDER_LINK_SECRET',
  'STAFF_TOTP_KEY',
] as const;

export function developmentSecrets(dataDir: string): Record<(typeof DEVELOPMENT_SECRET_NAMES)[number], string> {
  const file = join(dataDir, 'secrets.env');
  const values = new Map<string, string>();
  if (existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const match = /^([A-Z_]+)=(.+)$/.exec(line.trim());
      if (match?.[1] && match[2]) values.set(match[1], match[2]);
    }
  }
  const missing = DEVELOPMENT_SECRET_NAMES.filter((name) => !values.has(name));
  if (missing.length > 0) {
    for (const name of missing) values.set(name, randomBytes(32).toString('base64url'));
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(
      file,
      `# Generated for local development. Never commit; never use in production.\n${[...values]
        .map(([name, value]) => `${name}=${value}`)
        .join('\n')}\n`,
    );
    chmodSync(file, 0o600);
  }
  return Object.fromEntries(DEVELOPMENT_SECRET_NAMES.map((name) => [name, values.get(name) as string])) as Record<
    (typeof DEVELOPMENT_SECRET_NAMES)[number],
    string
  >;
}
