import { describe, expect, it } from 'vitest';
import { verifyOncePerRequest } from '../../../gateway/src/request-identity.js';

describe('token verification per request', () => {
  it('verifies a request’s token once, however many parts of the gateway ask', async () => {
    let verifications = 0;
    const verifyToken = verifyOncePerRequest({
      verify: async (token) => {
        verifications++;
        if (token === 'bad') throw new Error('invalid');
        return { subject: token, roles: ['customer'] };
      },
    });
    const first = {};
    const second = {};
    expect(await verifyToken(first, 'alice')).toEqual({ subject: 'alice', roles: ['customer'] });
    expect(await verifyToken(first, 'alice')).toEqual({ subject: 'alice', roles: ['customer'] });
    expect(verifications).toBe(1);
    await verifyToken(second, 'alice');
    expect(verifications).toBe(2);

    const refused = {};
    await expect(verifyToken(refused, 'bad')).rejects.toThrow('invalid');
    await expect(verifyToken(refused, 'bad')).rejects.toThrow('invalid');
    expect(verifications).toBe(3);
  });
});
