import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** What a leaked credential looks like in a file. */
const SECRET_PATTERNS: [string, RegExp][] = [
  ['a private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['a signed token', /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,}/],
  ['a secret assigned in an env file', /^\s*(JWT_SECRET|[A-Z_]*PASSWORD|[A-Z_]*_KEY|[A-Z_]*_SECRET)=[^\s$]{6,}/m],
  ['credentials in a URL', /postgres(ql)?:\/\/[^:/\s@]+:[^@\s$]{3,}@/],
];

describe('the repository', () => {
  const files = execFileSync('git', ['ls-files'], { encoding: 'utf8' })
    .split('\n')
    .filter((file) => file && !file.endsWith('package-lock.json'));

  it.each(SECRET_PATTERNS)('has no committed file holding %s', (_what, pattern) => {
    const offenders = files.filter((file) => {
      try {
        return pattern.test(readFileSync(file, 'utf8'));
      } catch {
        return false;
      }
    });
    expect(offenders).toEqual([]);
  });

  it('ignores the files where local secrets and data live', () => {
    const ignored = execFileSync('git', ['check-ignore', '.env', '.data/secrets.env'], { encoding: 'utf8' });
    expect(ignored.split('\n').filter(Boolean)).toEqual(['.env', '.data/secrets.env']);
  });
});
