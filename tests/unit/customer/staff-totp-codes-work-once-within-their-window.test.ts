import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import {
  checkTotpCode,
  newTotpSecret,
  TOTP_PERIOD_SECONDS,
  totpUri,
} from '../../../subgraphs/customer/src/domain/staff-totp.js';
import { openTotpSecret, sealTotpSecret } from '../../../subgraphs/customer/src/domain/totp-secret-sealing.js';

const secret = newTotpSecret();
// The middle of a step, so one step either side is unambiguous.
const now = 1_800_000_015;
const step = Math.floor(now / TOTP_PERIOD_SECONDS);
const codeAt = (epoch: number) => generate({ secret, epoch });

describe('a TOTP code', () => {
  it('is accepted for the current step, and answers that step', async () => {
    expect(await checkTotpCode(secret, await codeAt(now), now, null)).toEqual({ ok: true, step });
  });

  it('is accepted one step either side of now, for clocks a little off', async () => {
    expect(await checkTotpCode(secret, await codeAt(now - 30), now, null)).toEqual({ ok: true, step: step - 1 });
    expect(await checkTotpCode(secret, await codeAt(now + 30), now, null)).toEqual({ ok: true, step: step + 1 });
  });

  it('is refused two steps away', async () => {
    expect(await checkTotpCode(secret, await codeAt(now - 60), now, null)).toEqual({ ok: false });
    expect(await checkTotpCode(secret, await codeAt(now + 60), now, null)).toEqual({ ok: false });
  });

  it('works once: its step, and every earlier one, is refused after it was accepted', async () => {
    const code = await codeAt(now);
    expect(await checkTotpCode(secret, code, now, step)).toEqual({ ok: false });
    expect(await checkTotpCode(secret, await codeAt(now - 30), now, step)).toEqual({ ok: false });
    expect(await checkTotpCode(secret, await codeAt(now + 30), now, step)).toEqual({ ok: true, step: step + 1 });
  });

  it('is refused, without throwing, once every step of the window was used', async () => {
    expect(await checkTotpCode(secret, await codeAt(now + 30), now, step + 1)).toEqual({ ok: false });
    expect(await checkTotpCode(secret, await codeAt(now + 30), now, step + 5)).toEqual({ ok: false });
  });

  it("is refused when malformed, or another secret's", async () => {
    for (const code of ['', '12345', '1234567', 'abcdef', ' 123456']) {
      expect(await checkTotpCode(secret, code, now, null)).toEqual({ ok: false });
    }
    const other = await generate({ secret: newTotpSecret(), epoch: now });
    expect(await checkTotpCode(secret, other, now, null)).toEqual({ ok: false });
  });
});

describe('enrolment', () => {
  it('gives authenticator apps an otpauth URI with the secret, the shop and the member', () => {
    const uri = new URL(totpUri(secret, 'grace@staff.example'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(decodeURIComponent(uri.pathname)).toContain('grace@staff.example');
    expect(uri.searchParams.get('issuer')).toBe('Order Flow back office');
  });
});

describe('a sealed TOTP secret', () => {
  const key = 'k'.repeat(32);
  it("opens for its member with the shop's key only", () => {
    const sealed = sealTotpSecret(secret, 'member-1', key);
    expect(sealed).not.toContain(secret);
    expect(sealTotpSecret(secret, 'member-1', key)).not.toBe(sealed);
    expect(openTotpSecret(sealed, 'member-1', key)).toBe(secret);
    expect(openTotpSecret(sealed, 'member-2', key)).toBeNull();
    expect(openTotpSecret(sealed, 'member-1', 'x'.repeat(32))).toBeNull();
    const [version, iv, tag, data] = sealed.split('.') as [string, string, string, string];
    const flipped = Buffer.from(data, 'base64url');
    flipped[0] = (flipped[0] as number) ^ 1;
    expect(openTotpSecret([version, iv, tag, flipped.toString('base64url')].join('.'), 'member-1', key)).toBeNull();
    expect(openTotpSecret(secret, 'member-1', key)).toBeNull();
  });
});
