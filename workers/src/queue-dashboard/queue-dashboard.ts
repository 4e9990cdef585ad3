import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import express, { type Express, type Request, type RequestHandler, type Response } from 'express';
import { GraphQLError } from 'graphql';
import type { AuthConfig } from '../../../shared/auth/auth-config.js';
import { bearerToken, createTokenVerifier, type RevokedSubjects } from '../../../shared/auth/tokens.js';
import { ErrorCode } from '../../../shared/errors.js';
import type { Logger } from '../../../shared/logger.js';
import { DEAD_LETTER_QUEUE } from '../queues.js';
import {
  clearedSessionCookieHeader,
  DASHBOARD_PATH,
  isSameOriginRequest,
  mayUseDashboard,
  SIGN_IN_PATH,
  SIGN_OUT_PATH,
  sessionCookieHeader,
  sessionIdFromCookies,
} from './admission.js';
import { crossSitePage, PAGE_SECURITY_POLICY, signInPage, signInRequiredPage, signOutPage } from './dashboard-pages.js';
import type { DashboardSessions } from './dashboard-sessions.js';

export interface QueueDashboardOptions {
  /** Every queue the workers use, by name (RunningWorkers.queues), the dead-letter queue among them. */
  queues: ReadonlyMap<string, Queue>;
  /** Verifies the staff tokens admins sign in with, as the gateway and subgraphs do. */
  auth: AuthConfig;
  /** Revoked subjects: a revoked token cannot sign in, and a revocation ends a session already open. */
  revoked: RevokedSubjects;
  sessions: DashboardSessions;
  sessionSeconds: number;
  logger: Logger;
}

/** What each kind of queue holds, shown under its name on the board. */
function describeQueue(name: string): string {
  if (name === DEAD_LETTER_QUEUE) {
    return 'Jobs that used up their attempts, with the error that stopped them (a copy: the job stays in its own queue’s failed set)';
  }
  const event = /^events\.([^.]+)\.(.+)$/.exec(name);
  if (event) return `Events of ${event[1]} for the consumer ${event[2]}`;
  if (name.startsWith('scheduled.')) return `Runs of the scheduled job ${name.slice('scheduled.'.length)}`;
  return 'Jobs a subgraph queued for the workers';
}

/** The dead-letter queue first, where an operator looks first; then the rest by name. */
function boardOrder(names: Iterable<string>): string[] {
  return [...names].sort((a, b) => {
    if (a === DEAD_LETTER_QUEUE || b === DEAD_LETTER_QUEUE) return a === DEAD_LETTER_QUEUE ? -1 : 1;
    return a.localeCompare(b);
  });
}

function refuse(req: Request, res: Response, status: 401 | 403, html: string, message: string): void {
  res.status(status).set('cache-control', 'no-store');
  // A browser gets a page it can act on; the board's own API calls and scripts get JSON.
  if (req.accepts(['json', 'html']) === 'html') {
    res.set('content-security-policy', PAGE_SECURITY_POLICY).type('html').send(html);
  } else {
    const code = status === 401 ? ErrorCode.UNAUTHENTICATED : ErrorCode.FORBIDDEN;
    res.json({ error: { code, message } });
  }
}

/**
 * Bull Board under /admin/queues on the workers' port, for admins only. An admin signs in with
 * a staff access token (the sign-in form, or `Authorization: Bearer` on the same POST) and gets a
 * session cookie; every dashboard request without a live admin session gets 401 — pages, the
 * board's API and its static files alike.
 */
export async function mountQueueDashboard(app: Express, options: QueueDashboardOptions): Promise<void> {
  const { sessions, revoked, logger } = options;
  const verifier = await createTokenVerifier(options.auth, revoked);

  const noFraming: RequestHandler = (_req, res, next) => {
    res.set('x-frame-options', 'DENY');
    next();
  };

  app.get(SIGN_IN_PATH, noFraming, (req, res) => {
    res.set('cache-control', 'no-store').set('content-security-policy', PAGE_SECURITY_POLICY).type('html');
    res.send(signInPage(undefined, 'signed-out' in req.query ? 'You are signed out.' : undefined));
  });

  app.post(SIGN_IN_PATH, noFraming, express.urlencoded({ extended: false, limit: '16kb' }), async (req, res) => {
    if (!isSameOriginRequest(req.get('origin'), req.get('host'))) {
      logger.warn({ origin: req.get('origin') }, 'queue dashboard sign-in from another site refused');
      refuse(req, res, 403, crossSitePage(), 'A sign-in must come from the dashboard’s own page');
      return;
    }
    const refused = (message: string) => refuse(req, res, 401, signInPage(message), message);
    let token: string | null;
    try {
      const fromForm = typeof req.body?.token === 'string' ? req.body.token.trim() : '';
      token = bearerToken(req.get('authorization')) ?? (fromForm || null);
    } catch {
      refused('The Authorization header must be "Bearer <token>".');
      return;
    }
    if (!token) {
      refused('Paste a staff access token.');
      return;
    }
    let identity: Awaited<ReturnType<typeof verifier.verify>>;
    try {
      identity = await verifier.verify(token);
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      refused(
        error.extensions.code === ErrorCode.TOKEN_EXPIRED
          ? 'That token has expired: sign in to the shop again for a fresh one.'
          : 'That is not a valid staff access token (or it was revoked).',
      );
      return;
    }
    if (!mayUseDashboard(identity) || identity.subject === null) {
      logger.warn(
        { subject: identity.subject, roles: identity.roles },
        'queue dashboard sign-in refused: not an admin',
      );
      refused('The queue dashboard is for admins only.');
      return;
    }
    const { id, session } = await sessions.open(identity.subject);
    logger.info({ subject: identity.subject, expiresAt: session.expiresAt }, 'queue dashboard session opened');
    res
      .status(303)
      .set('cache-control', 'no-store')
      .set('set-cookie', sessionCookieHeader(id, options.sessionSeconds))
      .location(DASHBOARD_PATH)
      .end();
  });

  // Before the board's routes, so signing out needs no live session: a lapsed one signs out too.
  app.get(SIGN_OUT_PATH, noFraming, (_req, res) => {
    res.set('cache-control', 'no-store').set('content-security-policy', PAGE_SECURITY_POLICY).type('html');
    res.send(signOutPage());
  });

  app.post(SIGN_OUT_PATH, noFraming, async (req, res) => {
    if (!isSameOriginRequest(req.get('origin'), req.get('host'))) {
      logger.warn({ origin: req.get('origin') }, 'queue dashboard sign-out from another site refused');
      refuse(req, res, 403, crossSitePage(), 'A sign-out must come from the dashboard’s own page');
      return;
    }
    const id = sessionIdFromCookies(req.headers.cookie);
    if (id !== undefined) {
      const session = await sessions.find(id);
      await sessions.close(id);
      if (session) logger.info({ subject: session.subject }, 'queue dashboard session closed by its admin');
    }
    res
      .status(303)
      .set('cache-control', 'no-store')
      .set('set-cookie', clearedSessionCookieHeader())
      .location(`${SIGN_IN_PATH}?signed-out`)
      .end();
  });

  const requireAdminSession: RequestHandler = async (req, res, next) => {
    const id = sessionIdFromCookies(req.headers.cookie);
    const session = id === undefined ? undefined : await sessions.find(id);
    // A session began after its admin's token was checked; taking the admin role away (or
    // deactivating the member) revokes the subject, which ends the session too.
    if (!session || revoked.isRevoked(session.subject, session.startedAtSeconds)) {
      refuse(req, res, 401, signInRequiredPage(), 'Sign in to the queue dashboard as an admin');
      return;
    }
    next();
  };

  const board = new ExpressAdapter();
  board.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: boardOrder(options.queues.keys()).map(
      (name) => new BullMQAdapter(options.queues.get(name) as Queue, { description: describeQueue(name) }),
    ),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Order flow queues', miscLinks: [{ text: 'Sign out', url: SIGN_OUT_PATH }] } },
  });
  app.use(DASHBOARD_PATH, noFraming, requireAdminSession, board.getRouter());
}
