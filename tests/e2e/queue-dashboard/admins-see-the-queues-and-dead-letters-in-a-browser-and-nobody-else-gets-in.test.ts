import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { revokeSubject } from '../../../shared/auth/revocations.js';
import type { Role } from '../../../shared/auth/roles.js';
import { newId } from '../../../shared/ids.js';
import { QUEUE_PREFIX } from '../../../shared/queue-prefix.js';
import { ORDER_EVENTS_CONSUMER } from '../../../subgraphs/promotion/src/jobs/order-events.js';
import { SESSION_COOKIE } from '../../../workers/src/queue-dashboard/admission.js';
import { DEAD_LETTER_QUEUE, eventQueueName } from '../../../workers/src/queues.js';
import { artifactPath, launchChromium } from '../../support/browser.js';
import { type IsolatedStack, type RunningWorkers, startIsolatedStack } from '../../support/isolated-stack.js';
import { mintToken } from '../../support/tokens.js';

/**
 * The real workers process of a stack of its own, its real dead-letter queue, and Debian's
 * Chromium: an admin signs in with a staff token and sees the queues and the dead letter; no one
 * else gets past 401, and a session ends when it lapses or its admin's tokens are revoked.
 */
let stack: IsolatedStack;
let workers: RunningWorkers;
let browser: Browser;
/** A consumer's queue; an event it cannot even parse fails its only attempt and is dead-lettered. */
const QUEUE = eventQueueName('order', ORDER_EVENTS_CONSUMER);
const BROKEN_JOB = `broken-${newId()}`;

beforeAll(async () => {
  stack = await startIsolatedStack('queue_dashboard', {});
  [workers, browser] = await Promise.all([stack.startWorkers(), launchChromium()]);
  const connection = new Redis(stack.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(QUEUE, { connection, prefix: QUEUE_PREFIX });
  const deadLetters = new Queue(DEAD_LETTER_QUEUE, { connection, prefix: QUEUE_PREFIX });
  try {
    await queue.add('OrderPlaced', { not: 'an event' }, { jobId: BROKEN_JOB, attempts: 1 });
    await vi.waitFor(async () => expect(await deadLetters.getJob(`${QUEUE}.${BROKEN_JOB}`)).toBeTruthy(), {
      timeout: 20_000,
      interval: 100,
    });
  } finally {
    await Promise.all([queue.close(), deadLetters.close()]);
    connection.disconnect();
  }
}, 240_000);

afterAll(async () => {
  await browser?.close();
});

const admin = () => mintToken(`staff-admin-${newId()}`, ['admin']);

/** Signs in with a bearer token as a script would; answers the response, not following its redirect. */
function signIn(url: string, token: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/admin/queues/sign-in`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, ...headers },
    redirect: 'manual',
  });
}

/** The session cookie a sign-in set, as a browser would send it back. */
function sessionCookie(response: Response): string {
  const setCookie = response.headers.get('set-cookie') ?? '';
  const pair = setCookie.split(';')[0] ?? '';
  expect(pair.startsWith(`${SESSION_COOKIE}=`), setCookie).toBe(true);
  return pair;
}

const queuesApi = (url: string, cookie?: string) =>
  fetch(`${url}/admin/queues/api/queues`, { headers: cookie ? { cookie, accept: 'application/json' } : {} });

describe('the queue dashboard in a browser', () => {
  it('sends a browser without a session to sign in, then shows an admin every queue and the dead letter', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const refused = await page.goto(`${workers.url}/admin/queues`);
    expect(refused?.status()).toBe(401);
    await page.getByText('Sign in required').waitFor();

    await page.getByRole('link', { name: 'Sign in' }).first().click();
    await page.getByLabel('Staff access token').fill(await admin());
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/admin\/queues\/?$/);
    // The board lists every queue the workers run, the dead-letter queue among them.
    for (const name of [DEAD_LETTER_QUEUE, QUEUE, 'scheduled.dead-letter-retention']) {
      await page.getByRole('link', { name, exact: true }).first().waitFor({ timeout: 15_000 });
    }

    const [cookie] = (await context.cookies()).filter((c) => c.name === SESSION_COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: true, path: '/admin/queues' });

    await page.getByRole('link', { name: DEAD_LETTER_QUEUE, exact: true }).first().click();
    await page.waitForURL(/\/admin\/queues\/queue\/dead-letter/);
    // The dead letter: the queue and job it came from, and the error that stopped it.
    await page.getByText(`${QUEUE}.${BROKEN_JOB}`).waitFor({ timeout: 15_000 });
    const text = await page.textContent('body');
    expect(text).toContain('Jobs that used up their attempts');
    expect(text).toContain(BROKEN_JOB);
    expect(text).toMatch(/failedReason/);
    await page.screenshot({ path: artifactPath('queue-dashboard.png'), fullPage: true });
    await context.close();
  }, 120_000);
});

describe('the queue dashboard refuses', () => {
  it('every request without a session, its pages, API and static files alike, with 401', async () => {
    for (const path of ['/admin/queues', '/admin/queues/queue/dead-letter', '/admin/queues/api/queues']) {
      const response = await fetch(`${workers.url}${path}`);
      expect(response.status, path).toBe(401);
    }
    const api = await fetch(`${workers.url}/admin/queues/api/queues`, { headers: { accept: 'application/json' } });
    expect(await api.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: expect.any(String) } });
    const retry = await fetch(`${workers.url}/admin/queues/api/queues/${DEAD_LETTER_QUEUE}/retry/failed`, {
      method: 'PUT',
    });
    expect(retry.status).toBe(401);
    expect((await queuesApi(workers.url, `${SESSION_COOKIE}=${'x'.repeat(43)}`)).status).toBe(401);
  });

  it('a customer’s or another staff member’s token, an expired or a forged one, with 401 and no cookie', async () => {
    const tokens: [string, string][] = await Promise.all(
      (['customer', 'support', 'warehouse_admin', 'order_admin', 'service'] as Role[]).map(
        async (role) => [role, await mintToken(`someone-${newId()}`, [role])] as [string, string],
      ),
    );
    tokens.push(['expired admin', await mintToken(`staff-admin-${newId()}`, ['admin'], -10)]);
    tokens.push(['forged admin', `${(await admin()).slice(0, -4)}AAAA`]);
    for (const [who, token] of tokens) {
      const response = await signIn(workers.url, token);
      expect(response.status, who).toBe(401);
      expect(response.headers.get('set-cookie'), who).toBeNull();
    }
  });

  it('a sign-in posted from another site, with 403 and no cookie', async () => {
    const response = await signIn(workers.url, await admin(), { origin: 'https://elsewhere.example' });
    expect(response.status).toBe(403);
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('a session once its admin’s tokens are revoked', async () => {
    const subject = `staff-admin-${newId()}`;
    const cookie = sessionCookie(await signIn(workers.url, await mintToken(subject, ['admin'])));
    expect((await queuesApi(workers.url, cookie)).status).toBe(200);
    const redis = new Redis(stack.redisUrl);
    try {
      await revokeSubject(redis, subject, new Date());
    } finally {
      redis.disconnect();
    }
    await vi.waitFor(async () => expect((await queuesApi(workers.url, cookie)).status).toBe(401), {
      timeout: 5000,
      interval: 100,
    });
  });
});

describe('a queue dashboard session', () => {
  it('ends when its admin signs out: the cookie is dropped and the session is gone from every process', async () => {
    const other = await stack.startWorkers();
    try {
      const cookie = sessionCookie(await signIn(workers.url, await admin()));
      expect((await queuesApi(other.url, cookie)).status).toBe(200);

      const page = await fetch(`${workers.url}/admin/queues/sign-out`, { headers: { cookie } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('method="post" action="/admin/queues/sign-out"');
      // Showing the page changed nothing.
      expect((await queuesApi(workers.url, cookie)).status).toBe(200);

      const crossSite = await fetch(`${workers.url}/admin/queues/sign-out`, {
        method: 'POST',
        headers: { cookie, origin: 'https://elsewhere.example', accept: 'application/json' },
        redirect: 'manual',
      });
      expect(crossSite.status).toBe(403);
      expect(((await crossSite.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
      expect((await queuesApi(workers.url, cookie)).status).toBe(200);

      const signedOut = await fetch(`${workers.url}/admin/queues/sign-out`, {
        method: 'POST',
        headers: { cookie, origin: workers.url },
        redirect: 'manual',
      });
      expect(signedOut.status).toBe(303);
      expect(signedOut.headers.get('location')).toBe('/admin/queues/sign-in?signed-out');
      expect(signedOut.headers.get('set-cookie')).toMatch(
        new RegExp(`^${SESSION_COOKIE}=; Max-Age=0; Path=/admin/queues;`),
      );
      // A browser drops the cookie; one kept anyway (a copy, another tab's request in flight) opens nothing.
      expect((await queuesApi(workers.url, cookie)).status).toBe(401);
      expect((await queuesApi(other.url, cookie)).status).toBe(401);
      expect(await (await fetch(`${workers.url}/admin/queues/sign-in?signed-out`)).text()).toContain(
        'You are signed out.',
      );
    } finally {
      await other.stop();
    }
  }, 120_000);

  it('lists the queues for an admin through the API, and lapses after QUEUE_DASHBOARD_SESSION_SECONDS', async () => {
    const shortLived = await stack.startWorkers({ QUEUE_DASHBOARD_SESSION_SECONDS: '2' });
    try {
      const signedIn = await signIn(shortLived.url, await admin());
      expect(signedIn.status).toBe(303);
      expect(signedIn.headers.get('location')).toBe('/admin/queues');
      expect(signedIn.headers.get('set-cookie')).toMatch(/Max-Age=2;/);
      const cookie = sessionCookie(signedIn);
      const listed = await queuesApi(shortLived.url, cookie);
      expect(listed.status).toBe(200);
      const { queues } = (await listed.json()) as { queues: { name: string }[] };
      expect(queues.map((q) => q.name)).toEqual(expect.arrayContaining([DEAD_LETTER_QUEUE, QUEUE]));
      await sleep(2500);
      expect((await queuesApi(shortLived.url, cookie)).status).toBe(401);
    } finally {
      await shortLived.stop();
    }
  }, 120_000);
});
