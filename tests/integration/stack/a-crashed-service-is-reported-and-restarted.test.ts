import { describe, expect, it } from 'vitest';
import { startIsolatedStack } from '../../support/isolated-stack.js';

const stack = await startIsolatedStack('supervised', {});

async function answersHealthCheck(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

describe('a service of the stack that crashes', () => {
  it('is reported with its name and signal, then restarted on the same port', async () => {
    const review = stack.serviceProcess('review');
    const health = stack.subgraphUrls.review.replace('/graphql', '/health/ready');
    expect(await answersHealthCheck(health)).toBe(true);

    review.child.kill('SIGKILL');
    await review.exited;

    await expect
      .poll(() => stack.logs.find((line) => line.includes('review exited with signal SIGKILL: restarting it')), {
        timeout: 10_000,
      })
      .toBeDefined();
    await expect.poll(() => answersHealthCheck(health), { timeout: 90_000, interval: 250 }).toBe(true);
    expect(stack.serviceProcess('review')).not.toBe(review);
  }, 120_000);
});
